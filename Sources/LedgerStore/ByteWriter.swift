/// Bytes written one after another into memory of its own, reused from one use to the next:
/// a chain link's canonical bytes, which `verify` builds half a million times a second. An
/// array's append checks its storage is unshared and retains and releases it each time, a
/// tenth of the client's time there.
struct ByteWriter: ~Copyable {
    private var storage: UnsafeMutableRawBufferPointer
    private(set) var count = 0

    init(capacity: Int = 1024) {
        storage = .allocate(byteCount: max(capacity, 16), alignment: 1)
    }

    deinit { storage.deallocate() }

    /// What has been written, valid until the next write.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage.baseAddress, count: count) }

    mutating func removeAll() { count = 0 }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (storage.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func reserve(_ more: Int) {
        guard storage.count - count < more else { return }
        var capacity = storage.count
        while capacity - count < more { capacity *= 2 }
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        larger.copyMemory(from: bytes)
        storage.deallocate()
        storage = larger
    }
}

import CLibPQ
import Foundation

/// The data of a `COPY … TO STDOUT`, read on a thread of its own into memory ahead of its
/// reader, up to `aheadBytes`: for `verify`, which reads four streams side by side. A server
/// process writes a stream only as fast as its socket's buffer (about 200 KB) empties, and the
/// reader empties one while it waits on another; read ahead, the four processes keep both
/// cores busy (the machine's cores sat a fifth idle in `bench/verify.sh` without it).
///
/// The messages come in chunks, each whole messages back to back (a binary COPY's rows,
/// one a message). The thread owns the connection until the COPY has ended; the server's
/// last word on it comes after the last chunk. Memory stays bounded whatever the rows.
final class CopyOutPrefetch: @unchecked Sendable {
    /// Bytes a chunk collects before it is handed over (a message longer than this has a
    /// chunk of its own).
    static let chunkBytes = 64 * 1024
    /// How far the thread may read ahead of the reader.
    static let aheadBytes = 4 * 1024 * 1024

    /// Memory of its own, freed with the chunk: the reader parses it in place.
    final class Chunk {
        let bytes: UnsafeMutableRawBufferPointer
        private(set) var count = 0

        init(capacity: Int) {
            bytes = .allocate(byteCount: capacity, alignment: 8)
        }

        deinit { bytes.deallocate() }

        var data: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[0..<count]) }

        func removeAll() { count = 0 }

        /// False if the message does not fit.
        func append(_ message: UnsafeRawBufferPointer) -> Bool {
            guard message.count <= bytes.count - count else { return false }
            if let source = message.baseAddress { (bytes.baseAddress! + count).copyMemory(from: source, byteCount: message.count) }
            count += message.count
            return true
        }
    }

    private let connection: Connection
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var ready: [Chunk] = []
    /// Chunks the reader is done with, for the thread to fill again.
    private var spare: [Chunk] = []
    private var readyBytes = 0
    private var end: Result<Void, PostgresError>?
    private var isAbandoned = false

    /// Starts reading; `connection` must be in the COPY OUT state, and is the thread's until
    /// the COPY ends.
    init(connection: Connection) {
        self.connection = connection
        Thread { self.readToTheEnd() }.start()
    }

    /// The next chunk, waiting for it; nil once the COPY has ended, whose error (the server's,
    /// sent after the rows it had) is thrown here. `used`, the chunk the reader has finished
    /// with, is filled again.
    func nextChunk(returning used: Chunk?) throws(PostgresError) -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        if let used, used.bytes.count == Self.chunkBytes {
            used.removeAll()
            spare.append(used)
        }
        while ready.isEmpty && end == nil { condition.wait() }
        guard ready.isEmpty else {
            let chunk = ready.removeFirst()
            readyBytes -= chunk.count
            condition.broadcast()
            return chunk
        }
        try end?.get()
        return nil
    }

    /// The reader has gone: the thread stops when it next hands a chunk over, and drops the
    /// connection (a COPY left half read is of no use to anyone).
    func abandon() {
        condition.lock()
        isAbandoned = true
        condition.broadcast()
        condition.unlock()
    }

    private func readToTheEnd() {
        var chunk = freshChunk()
        while true {
            var message: UnsafeMutablePointer<CChar>?
            let length = connection.readCopyData(into: &message)
            defer { PQfreemem(message) }
            guard length >= 0 else { break } // -1 the end, -2 an error: finishCopy reports it
            let bytes = UnsafeRawBufferPointer(start: message, count: Int(length))
            if !chunk.append(bytes) { // full: handed over, and the message starts the next
                if chunk.count > 0 {
                    guard hand(chunk) else { return }
                }
                chunk = bytes.count <= Self.chunkBytes ? freshChunk() : Chunk(capacity: bytes.count)
                _ = chunk.append(bytes)
            }
        }
        if chunk.count > 0 {
            guard hand(chunk) else { return }
        }
        let end: Result<Void, PostgresError>
        do throws(PostgresError) {
            try connection.finishCopy()
            end = .success(())
        } catch {
            end = .failure(error)
        }
        condition.lock()
        self.end = end
        condition.broadcast()
        condition.unlock()
    }

    /// A chunk the reader has finished with, else a new one.
    private func freshChunk() -> Chunk {
        condition.lock()
        defer { condition.unlock() }
        return spare.popLast() ?? Chunk(capacity: Self.chunkBytes)
    }

    /// Hands a chunk over once the reader is near enough; false if it has gone.
    private func hand(_ chunk: Chunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while readyBytes >= Self.aheadBytes && !isAbandoned { condition.wait() }
        guard !isAbandoned else { return false }
        ready.append(chunk)
        readyBytes += chunk.count
        condition.broadcast()
        return true
    }
}

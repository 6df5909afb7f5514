/// Checks a hash chain's links in any order. Link *s* is right when its stored hash is
/// SHA-256 of link *s − 1*'s stored hash and its own canonical bytes; every link right, and
/// the places 1…n each taken once, is what recomputing the chain from its start proves.
///
/// `verify` reads the journal in entry id order, which is chain order but where entries
/// committed out of turn: a link whose predecessor has not come yet waits here, and a
/// stored hash whose successor has not come yet is kept. Both are few (about one per turn
/// taken out of order), so memory stays flat.
struct ChainLinks {
    /// What is wrong with a link: where, and why.
    struct Problem: Error {
        let chainSeq: Int64
        let entry: Int64
        let reason: String
    }

    /// The earliest link (in chain order) found wrong.
    private var problem: Problem?
    private var count: Int64 = 0
    private(set) var isAnchorFound: Bool
    private let anchor: LinkHash?
    /// The link checked last, whose successor usually comes next.
    private var last: (chainSeq: Int64, hash: LinkHash)?
    private var unclaimed: [Int64: LinkHash] = [:]
    private var waiting: [Int64: Waiting] = [:]
    private var isFirstPlaceTaken = false

    private struct Waiting {
        let entry: Int64
        let stored: LinkHash?
        let bytes: [UInt8]?
    }

    /// `anchor`: a head recorded earlier, which must be one of the stored hashes.
    init(anchor: LinkHash?) {
        self.anchor = anchor
        isAnchorFound = anchor == nil || anchor == .zero
    }

    /// One link: its place, its entry, its hash as stored (nil if not 32 bytes) and its
    /// entry's canonical bytes (nil if the entry is gone), read only during the call.
    mutating func add(chainSeq seq: Int64, entry: Int64, stored: LinkHash?, bytes: UnsafeRawBufferPointer?) {
        count += 1
        if let stored, stored == anchor { isAnchorFound = true }
        guard seq >= 1 else { return record(seq, entry, "its place in the chain, \(seq), is not 1 or more") }
        if seq == 1 {
            if isFirstPlaceTaken { record(seq, entry, "two links claim the first place") }
            isFirstPlaceTaken = true
        }
        let previous = seq == 1 ? LinkHash.zero : claim(seq - 1)
        if let last { // not this link's predecessor: it waits for its own successor
            unclaimed[last.chainSeq] = last.hash
            self.last = nil
        }
        guard let previous else {
            if waiting[seq] != nil { record(seq, entry, "two links claim place \(seq)") }
            waiting[seq] = Waiting(entry: entry, stored: stored, bytes: bytes.map { Array($0) })
            return
        }
        check(seq, entry, stored: stored, bytes: bytes, previous: previous)
        // A wrong hash still hands something on: its successor's problem comes after its own.
        var place = seq, hash = stored ?? .zero
        while place < Int64.max, let next = waiting.removeValue(forKey: place + 1) {
            place += 1
            if let bytes = next.bytes {
                bytes.withUnsafeBytes { check(place, next.entry, stored: next.stored, bytes: $0, previous: hash) }
            } else {
                check(place, next.entry, stored: next.stored, bytes: nil, previous: hash)
            }
            hash = next.stored ?? .zero
        }
        last = (place, hash)
    }

    /// After the last link: the chain's head (how many links, the last one's hash), or the
    /// earliest problem.
    mutating func finish() -> Result<(entries: Int64, hash: LinkHash), Problem> {
        if let (seq, link) = waiting.min(by: { $0.key < $1.key }) {
            record(seq, link.entry, "the chain skips a link before it (an entry and its hash were deleted), or another link took its place")
        }
        if let problem { return .failure(problem) }
        if count == 0 { return .success((0, .zero)) }
        // Every link found its predecessor, each taken once: one hash is left, the last place's.
        var heads = unclaimed.map { (chainSeq: $0.key, hash: $0.value) }
        if let last { heads.append(last) }
        guard heads.count == 1, heads[0].chainSeq == count else {
            return .failure(Problem(chainSeq: count, entry: 0, reason: "the chain's places do not run from 1 to \(count)"))
        }
        return .success((count, heads[0].hash))
    }

    private mutating func claim(_ seq: Int64) -> LinkHash? {
        if let last, last.chainSeq == seq {
            self.last = nil
            return last.hash
        }
        return unclaimed.removeValue(forKey: seq)
    }

    private mutating func check(_ seq: Int64, _ entry: Int64, stored: LinkHash?, bytes: UnsafeRawBufferPointer?, previous: LinkHash) {
        guard let bytes else { return record(seq, entry, "the entry was deleted") }
        let hash = previous.withBytes { previous in SHA256.digest(of: previous, bytes) { LinkHash($0) } }
        if hash != stored {
            record(seq, entry, "its hash does not match its contents (it or the link before it was changed)")
        }
    }

    private mutating func record(_ seq: Int64, _ entry: Int64, _ reason: String) {
        if problem.map({ seq < $0.chainSeq }) ?? true { problem = Problem(chainSeq: seq, entry: entry, reason: reason) }
    }
}

/// A SHA-256 hash held inline (no allocation per link).
struct LinkHash: Hashable {
    private var words: SIMD4<UInt64>

    static let zero = LinkHash(words: .zero)

    private init(words: SIMD4<UInt64>) { self.words = words }

    /// Exactly 32 bytes, or nil.
    init?(_ bytes: some Sequence<UInt8>) {
        var words = SIMD4<UInt64>.zero
        var count = 0
        let isExact = withUnsafeMutableBytes(of: &words) { room in
            for byte in bytes {
                guard count < room.count else { return false }
                room[count] = byte
                count += 1
            }
            return count == room.count
        }
        guard isExact else { return nil }
        self.words = words
    }

    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.init(bytes)
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: words, body)
    }

    var hex: String { withBytes { Hex.encode($0) } }
}

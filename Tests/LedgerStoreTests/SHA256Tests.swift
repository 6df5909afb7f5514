import Testing
@testable import LedgerStore

@Suite struct SHA256Tests {
    static func hex(_ parts: [UInt8]...) -> String {
        let joined = parts.flatMap { $0 }
        return joined.withUnsafeBytes { SHA256.digest(of: $0) { Hex.encode($0) } }
    }

    @Test func theStandardsVectorsAndPartsHashAsTheirJoin() {
        // FIPS 180-2's examples: the empty message and the 448-bit one.
        #expect(Self.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Self.hex(message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // A link is hashed as two parts (the previous link, then the entry's bytes).
        let split = message.prefix(32).withUnsafeBytes { head in
            message.dropFirst(32).withUnsafeBytes { tail in SHA256.digest(of: head, tail) { Hex.encode($0) } }
        }
        #expect(split == Self.hex(message))
    }
}

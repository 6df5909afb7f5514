import CLibCrypto

/// SHA-256 through OpenSSL's libcrypto, which libpq already links: the chain's links and the
/// tokens' stored hashes. (A SHA-256 of our own in Swift would be slower; swift-crypto
/// compiles BoringSSL into every build, a seventh of a fresh one.)
enum SHA256 {
    static let byteCount = 32

    /// Fetched once: `EVP_sha256()` would look the algorithm up again on every digest.
    nonisolated(unsafe) private static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else { fatalError("libcrypto offers no SHA-256") }
        return algorithm
    }()

    /// The digest of `parts` one after another, handed to `body` (32 bytes, valid inside it).
    static func digest<Result>(
        of parts: UnsafeRawBufferPointer..., body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto could not allocate a digest context") }
        defer { EVP_MD_CTX_free(context) }
        var ok = EVP_DigestInit_ex2(context, algorithm, nil) == 1
        for part in parts where ok {
            ok = EVP_DigestUpdate(context, part.baseAddress, part.count) == 1
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: byteCount) { digest in
            var length: UInt32 = 0
            // Only an exhausted allocator makes an in-memory digest fail.
            guard ok, EVP_DigestFinal_ex(context, digest.baseAddress, &length) == 1, length == byteCount else {
                fatalError("libcrypto could not compute a SHA-256")
            }
            return body(UnsafeRawBufferPointer(digest))
        }
    }

    /// The digest of `text`'s UTF-8 bytes in lower-case hex, as PostgreSQL's
    /// `encode(sha256(convert_to(text, 'UTF8')), 'hex')` writes it.
    static func hex(ofUTF8 text: String) -> String {
        var text = text
        return text.withUTF8 { digest(of: UnsafeRawBufferPointer($0)) { Hex.encode($0) } }
    }
}

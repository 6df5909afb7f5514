import Foundation
@testable import LedgerHTTP
import Testing

/// Every label a template or page names exists in both languages, and the two tables name
/// the same labels: a page never shows a bare key.
@Suite struct WebLabelsTests {
    @Test func bothLanguagesHaveTheSameLabels() {
        #expect(Set(WebLabels.zh.keys) == Set(WebLabels.en.keys), "only in one: \(Set(WebLabels.zh.keys).symmetricDifference(WebLabels.en.keys))")
    }

    @Test func everyLabelTheSourcesNameExists() throws {
        let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/LedgerHTTP/Web").standardized
        let files = try FileManager.default.subpathsOfDirectory(atPath: web.path).filter { $0.hasSuffix(".mustache") || $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        var named = Set<String>()
        for file in files {
            let text = try String(contentsOf: web.appendingPathComponent(file), encoding: .utf8)
            // {{t.key}} in templates; label("key") and notice=key in Swift.
            for pattern in [#"\{\{t\.([a-z_]+)\}\}"#, #"label\("([a-z_]+)"\)"#, #"notice=([a-z_]+)"#] {
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    named.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
        }
        #expect(named.count > 50)
        #expect(named.subtracting(WebLabels.zh.keys).isEmpty, "missing: \(named.subtracting(WebLabels.zh.keys).sorted())")
    }
}

import Foundation
@testable import LedgerHTTP
import Testing

/// The templates the workbench registers are exactly the files in Web/Templates: a template
/// added without its case (or a case left after its file went) is caught here and by the
/// compiler, never by a blank page.
@Suite struct WebTemplateTests {
    @Test func everyTemplateFileHasItsCase() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/LedgerHTTP/Web/Templates").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(files.count > 10)
        #expect(Set(files) == Set(WebTemplate.allCases.map { $0.rawValue + ".mustache" }))
    }

    @Test func everyTemplateRegistersAndRenders() throws {
        let renderer = try WebRenderer()
        for template in WebTemplate.allCases {
            #expect(renderer.renders(template), "\(template.rawValue) did not render")
        }
    }
}

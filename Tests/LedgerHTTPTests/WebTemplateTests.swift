import Foundation
@testable import LedgerHTTP
import Mustache
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

/// A page's model is a struct the template reads by name: its properties first, the layout's
/// frame after, an absent optional false (never "nil" on the page), and values escaped.
@Suite struct PageContextTests {
    struct Model {
        let heading: String
        let error: String?
        let rows: [Row]
        struct Row { let name: String }
    }

    static let frame = PageFrame(
        t: ["save": "保存"], title: "frame title", htmlLang: "zh-CN", otherLanguage: "en", back: "/", csrf: "token", signedIn: nil, coop: nil,
        notice: nil)

    @Test func aModelsPropertiesComeFirstThenTheFrames() throws {
        let template = try MustacheTemplate(
            string: "{{heading}}|{{title}}|{{t.save}}|{{#error}}E{{/error}}{{^error}}no error{{/error}}|{{#rows}}[{{name}}]{{/rows}}|{{csrf}}")
        let page = Model(heading: "<b>凭证</b>", error: nil, rows: [.init(name: "王"), .init(name: "李")])
        #expect(template.render(PageContext(frame: Self.frame, model: page)) == "&lt;b&gt;凭证&lt;/b&gt;|frame title|保存|no error|[王][李]|token")
        let refused = Model(heading: "h", error: "借贷不平", rows: [])
        #expect(template.render(PageContext(frame: Self.frame, model: refused)) == "h|frame title|保存|E||token")
    }
}

/// Every name a template reads is a property some page model (or the frame) declares: a
/// mistyped `{{naem}}` fails here rather than rendering blank.
@Suite struct TemplateNamesTests {
    @Test func everyNameATemplateReadsIsDeclared() throws {
        let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/LedgerHTTP/Web").standardized
        let files = try FileManager.default.subpathsOfDirectory(atPath: web.path)
        var declared: Set<String> = ["layout", "content", "csrf"] // the layout's blocks and the partial
        // The operations page's forms, by their names in the template (OperationsPage.child).
        declared.formUnion(OperationPages.Form.allCases.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") })
        var read: [String: Set<String>] = [:]
        for file in files where file.hasSuffix(".swift") || file.hasSuffix(".mustache") {
            let text = try String(contentsOf: web.appendingPathComponent(file), encoding: .utf8)
            if file.hasSuffix(".swift") {
                for match in text.matches(of: /(?:let|var) ([a-zA-Z]+)(?: =|:)/) { declared.insert(String(match.output.1)) }
                // FormState's fields are the forms' own input names, typed back.
                for match in text.matches(of: /name="([a-z_]+)"/) { declared.insert(String(match.output.1)) }
            } else if file.hasSuffix(".mustache") {
                for match in text.matches(of: /\{\{\{?[#^\/>]?\s*([a-zA-Z_]+)/) where match.output.1 != "t" {
                    read[file, default: []].insert(String(match.output.1))
                }
                for match in text.matches(of: /name="([a-z_]+)"/) { declared.insert(String(match.output.1)) }
            }
        }
        #expect(read.count > 10)
        for (file, names) in read.sorted(by: { $0.key < $1.key }) {
            #expect(names.subtracting(declared).isEmpty, "\(file) reads undeclared \(names.subtracting(declared).sorted())")
        }
    }
}

import ArgumentParser
import Foundation
import LedgerCore
import LedgerRendering
import LedgerService

/// The district's view (区农经站): districts, and their reports over every cooperative in them.
struct DistrictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "district",
        abstract: "Districts and their reports: every cooperative of a district, by township.",
        discussion: """
            The operator creates districts (district create), places cooperatives in them (coop create \
            … --district --township, coop move) and names supervisors (user add --role supervisor \
            --district). A supervisor (--user) reads the district's reports and every cooperative's \
            statements in it, and changes nothing.
            """,
        subcommands: [Create.self, List.self, Report.self, Workbook.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a district (the operator's).")
        @Argument(help: "Short code: lower-case letters, digits and dashes (e.g. baiyin).") var code: String
        @Option(help: "Its name (白银区).") var name: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let district = try District(code: DistrictCode(parsing: code, field: "code"), name: name)
            let created = try await Session.run(global, needs: .operatorOnly) { try await $0.ledger.createDistrict(district) }
            print(created ? "created district \(district.code) (\(district.name))" : "district \(district.code) exists already; nothing written")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The districts.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let districts = try await Session.run(global, needs: .operatorOnly) { try await $0.ledger.districts() }
            print(districts.map { "\($0.code)\t\($0.name)" }.joined(separator: "\n"))
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A district report: indicators, households, poor-households or status.",
            discussion: """
                indicators: each cooperative's yearly indicators, with township and district totals.
                households: households and poor households reached, persons employed, income to households by channel.
                poor-households: each poor household across every cooperative it deals with (one ID number, one household), and 户均增收.
                status: which months and years each cooperative has closed, and its last entry.
                Every figure is the sum of the cooperatives' own reports (coopledger report indicators|benefits --coop C).
                """
        )
        @Argument(help: "indicators, households, poor-households or status.") var name: DistrictStatements.Name
        @Option(help: "The district.") var district: String
        @Option(help: "The year (default: this year).") var year: Int?
        @Option(help: "One township only.") var township: String?
        @Option(help: "Labels: zh (default) or en.") var lang: Language = .zh
        @Option(help: "Write to this file instead of standard output (required for xlsx).") var output: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let code = try DistrictCode(parsing: district)
            let today = try Today.day()
            let statement = try await Session.run(global, needs: .district, writesWorkbook: true) { session in
                try await session.ledger.districtReport(name, of: code, year: year ?? today.year, township: township, language: lang)
            }
            if global.wantsWorkbook {
                guard let output else { throw ValidationError("--format xlsx writes a workbook: give --output FILE.xlsx") }
                try StatementWorkbook.write([statement], to: output)
                Session.progress("wrote the district's \(name.rawValue) to \(output)")
            } else if let output {
                try OutputFile.write(statement.rendered(as: global.format), to: output)
            } else {
                print(statement.rendered(as: global.format))
            }
        }
    }

    struct Workbook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every district report in one Excel workbook, a sheet each.")
        @Option(help: "The district.") var district: String
        @Option(help: "The year (default: this year).") var year: Int?
        @Option(help: "One township only.") var township: String?
        @Option(help: "Labels: zh (default) or en.") var lang: Language = .zh
        @Option(help: "The workbook to write (.xlsx).") var output: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let code = try DistrictCode(parsing: district)
            let today = try Today.day()
            let statements = try await Session.run(global, needs: .district) { session in
                var statements: [Statement] = []
                for name in DistrictStatements.Name.allCases {
                    statements.append(
                        try await session.ledger.districtReport(name, of: code, year: year ?? today.year, township: township, language: lang))
                }
                return statements
            }
            try StatementWorkbook.write(statements, to: output)
            Session.progress("wrote \(statements.count) district reports to \(output)")
        }
    }
}

extension DistrictStatements.Name: ExpressibleByArgument {}

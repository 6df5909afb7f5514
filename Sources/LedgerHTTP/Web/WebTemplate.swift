/// The workbench's templates, each compiled into the binary from Web/Templates (Package.swift
/// embeds every file there). A page names its template by case, so a mistyped name does not
/// compile; a case without its file does not compile either, and a file without its case
/// fails `WebTemplateTests`.
enum WebTemplate: String, CaseIterable, Sendable {
    case layout, signIn = "sign-in", coops, today, vouchers, voucher, voucherForm = "voucher-form", books, statement, members, audit,
        problem, operations, entry, yearEnd = "year-end", `import`
    /// A partial: every form's CSRF field (`{{> csrf}}`), written once.
    case csrf

    var source: [UInt8] {
        switch self {
        case .layout: PackageResources.layout_mustache
        case .signIn: PackageResources.sign_in_mustache
        case .coops: PackageResources.coops_mustache
        case .today: PackageResources.today_mustache
        case .vouchers: PackageResources.vouchers_mustache
        case .voucher: PackageResources.voucher_mustache
        case .voucherForm: PackageResources.voucher_form_mustache
        case .books: PackageResources.books_mustache
        case .statement: PackageResources.statement_mustache
        case .members: PackageResources.members_mustache
        case .audit: PackageResources.audit_mustache
        case .problem: PackageResources.problem_mustache
        case .operations: PackageResources.operations_mustache
        case .entry: PackageResources.entry_mustache
        case .yearEnd: PackageResources.year_end_mustache
        case .import: PackageResources.import_mustache
        case .csrf: PackageResources.csrf_mustache
        }
    }
}

/// A template that did not register: `serve` stops at start-up rather than serve blank pages.
struct WebTemplateMissing: Error, CustomStringConvertible {
    let name: String
    var description: String { "the workbench's template \(name) is missing from the binary" }
}

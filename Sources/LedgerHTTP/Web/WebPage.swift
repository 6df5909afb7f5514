import LedgerCore
import Mustache

/// What the layout shows around every page: labels, title, languages, the person signed in,
/// the cooperative, a notice. Typed, as each page's own model is.
struct PageFrame {
    struct SignedIn { let name: String }
    struct Coop {
        let code: String
        let name: String
        let canWrite: Bool
    }

    let t: [String: String]
    let title: String
    let htmlLang: String
    let otherLanguage: String
    let back: String
    let csrf: String?
    let signedIn: SignedIn?
    let coop: Coop?
    let notice: String?
}

/// A page's model inside its frame, as the template sees it: a name is the model's property
/// if it has one, else the frame's.
/// Models are structs, so a page cannot hand its template a key it does not declare.
struct PageContext: MustacheParent {
    let frame: PageFrame
    let model: Any

    func child(named name: String) -> Any? {
        if let parent = model as? MustacheParent {
            if let value = parent.child(named: name) { return value }
        } else if let value = Self.property(named: name, of: model) {
            return value
        }
        return Self.property(named: name, of: frame)
    }

    /// The stored property `name` of `value`, unwrapped (nil when it is absent or nil).
    static func property(named name: String, of value: Any) -> Any? {
        Mirror(reflecting: value).children.first(where: { $0.label == name }).flatMap { unwrapped($0.value) }
    }

    /// An optional's value, or nil: mustache sees an `Optional` as a value of its own.
    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrapped($0.value) } ?? nil
    }
}

/// An account or a district in a list or a picker: its code and name.
struct CodedName {
    let code: String
    let name: String

    init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    init(_ account: Account) { self.init(code: account.code.rawValue, name: account.name) }
}

/// A member or a non-member household in a picker: its number and name.
struct NumberedName {
    let number: String
    let name: String

    init(_ member: Member) {
        number = member.number.description
        name = member.name
    }

    init(_ household: Household) {
        number = household.number.description
        name = household.name
    }
}

/// A page with nothing of its own beyond the frame (the audit page before a run).
struct EmptyPage {}

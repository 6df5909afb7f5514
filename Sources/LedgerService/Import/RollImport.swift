import Foundation
import LedgerCore

/// Reads import files into checked values, every error located at its line. Nothing is
/// written while reading: the caller posts the whole file in one transaction.
public enum RollImport {
    /// Member roll: `number,name,id_number,poor_household,joined,left`.
    public static func members(from reader: CSVReader, fileName: String) throws(ImportError) -> [Member] {
        let table = try CSVTable(reader: reader, fileName: fileName, required: ["number", "name"], optional: ["id_number", "poor_household", "joined", "left"])
        var members: [Member] = []
        var seen: [MemberNumber: Int] = [:]
        while let row = try table.next() {
            do throws(LedgerError) {
                let number = try MemberNumber(parsing: row["number"] ?? "", field: "number")
                if let earlier = seen[number] {
                    throw LedgerError(.duplicate, field: "number", value: number.description, rule: "also on line \(earlier)")
                }
                seen[number] = row.line
                members.append(try Member(
                    number: number, name: row["name"] ?? "", idNumber: row["id_number"],
                    isPoorHousehold: try flag(row["poor_household"], field: "poor_household"),
                    joinedOn: try row["joined"].map { text throws(LedgerError) in try Day(parsing: text, field: "joined") },
                    leftOn: try row["left"].map { text throws(LedgerError) in try Day(parsing: text, field: "left") }
                ))
            } catch {
                throw ImportError(file: fileName, line: row.line, error)
            }
        }
        return members
    }

    public typealias PurchaseLine = (purchase: Purchase, date: Day, key: String, paidAtOnce: Bool)

    /// Weigh-slips: `key,date,member,product,quantity_kg,market_price,premium,price_date,price_source,paid`.
    public static func purchases(from reader: CSVReader, fileName: String, defaultPremium: BasisPoints) throws(ImportError) -> [PurchaseLine] {
        let table = try CSVTable(
            reader: reader, fileName: fileName,
            required: ["key", "date", "member", "product", "quantity_kg", "market_price"],
            optional: ["premium", "price_date", "price_source", "paid"]
        )
        var lines: [PurchaseLine] = []
        var seen: [String: Int] = [:]
        while let row = try table.next() {
            do throws(LedgerError) {
                let key = row["key"] ?? ""
                try JournalEntry.checkKey(key)
                if let earlier = seen[key] {
                    throw LedgerError(.duplicate, field: "key", value: key, rule: "also on line \(earlier)")
                }
                seen[key] = row.line
                let date = try Day(parsing: row["date"] ?? "", field: "date")
                let purchase = try Purchase(
                    member: MemberNumber(parsing: row["member"] ?? "", field: "member"),
                    product: row["product"] ?? "",
                    quantity: Weight(parsingKilograms: row["quantity_kg"] ?? "", field: "quantity_kg"),
                    marketPrice: UnitPrice(parsingYuanPerKilogram: row["market_price"] ?? "", field: "market_price"),
                    priceDate: try row["price_date"].map { text throws(LedgerError) in try Day(parsing: text, field: "price_date") } ?? date,
                    priceSource: row["price_source"] ?? "weigh-slip",
                    premium: try row["premium"].map { text throws(LedgerError) in try BasisPoints(parsingPercent: text, field: "premium") } ?? defaultPremium
                )
                lines.append((purchase, date, key, try flag(row["paid"], field: "paid")))
            } catch {
                throw ImportError(file: fileName, line: row.line, error)
            }
        }
        return lines
    }

    static func flag(_ text: String?, field: String) throws(LedgerError) -> Bool {
        switch text?.lowercased() {
        case nil, "0", "no", "false", "否": return false
        case "1", "yes", "true", "是": return true
        default: throw LedgerError(.invalidValue, field: field, value: text, rule: "write yes or no")
        }
    }
}

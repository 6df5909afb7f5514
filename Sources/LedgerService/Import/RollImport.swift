import Foundation
import LedgerCore

/// Member rolls and weigh-slips, read one row at a time and checked as they are read.
/// The caller posts each row as it comes, inside one transaction: memory stays bounded and
/// the file is still all or nothing.
public enum RollImport {
    /// Member roll: `number,name,id_number,poor_household,joined,left`.
    public final class MemberRows {
        let table: CSVTable
        public var bytesRead: Int64 { table.reader.bytesRead }

        public init(reader: CSVReader, fileName: String) throws(ImportError) {
            table = try CSVTable(
                reader: reader, fileName: fileName, required: ["number", "name"], optional: ["id_number", "poor_household", "joined", "left"])
        }

        public func next() throws(ImportError) -> (line: Int, member: Member)? {
            guard let row = try table.next() else { return nil }
            do throws(LedgerError) {
                return (
                    row.line,
                    try Member(
                        number: try MemberNumber(parsing: row["number"] ?? "", field: "number"), name: row["name"] ?? "", idNumber: row["id_number"],
                        isPoorHousehold: try flag(row["poor_household"], field: "poor_household"),
                        joinedOn: try row["joined"].map { text throws(LedgerError) in try Day(parsing: text, field: "joined") },
                        leftOn: try row["left"].map { text throws(LedgerError) in try Day(parsing: text, field: "left") }
                    )
                )
            } catch {
                throw ImportError(file: table.fileName, line: row.line, error)
            }
        }
    }

    public typealias PurchaseLine = (purchase: Purchase, date: Day, key: ClientKey, paidAtOnce: Bool)

    /// Weigh-slips: `key,date,member,product,quantity_kg,market_price,premium,price_date,price_source,paid`.
    public final class PurchaseRows {
        let table: CSVTable
        let defaultPremium: BasisPoints
        public var bytesRead: Int64 { table.reader.bytesRead }

        public init(reader: CSVReader, fileName: String, defaultPremium: BasisPoints) throws(ImportError) {
            table = try CSVTable(
                reader: reader, fileName: fileName,
                required: ["key", "date", "member", "product", "quantity_kg", "market_price"],
                optional: ["premium", "price_date", "price_source", "paid"]
            )
            self.defaultPremium = defaultPremium
        }

        public func next() throws(ImportError) -> (line: Int, slip: PurchaseLine)? {
            guard let row = try table.next() else { return nil }
            do throws(LedgerError) {
                let key = try ClientKey(row["key"] ?? "")
                let date = try Day(parsing: row["date"] ?? "", field: "date")
                let purchase = try PurchaseSlip(
                    member: MemberNumber(parsing: row["member"] ?? "", field: "member"),
                    product: row["product"] ?? "",
                    quantity: Weight(parsingKilograms: row["quantity_kg"] ?? "", field: "quantity_kg"),
                    marketPrice: UnitPrice(parsingYuanPerKilogram: row["market_price"] ?? "", field: "market_price"),
                    priceDate: try row["price_date"].map { text throws(LedgerError) in try Day(parsing: text, field: "price_date") },
                    priceSource: row["price_source"],
                    premium: try row["premium"].map { text throws(LedgerError) in try BasisPoints(parsingPercent: text, field: "premium") }
                ).purchase(on: date, defaultPremium: defaultPremium)
                return (row.line, (purchase, date, key, try flag(row["paid"], field: "paid")))
            } catch {
                throw ImportError(file: table.fileName, line: row.line, error)
            }
        }
    }

    static func flag(_ text: String?, field: String) throws(LedgerError) -> Bool {
        switch text?.lowercased() {
        case nil, "0", "no", "false", "否": return false
        case "1", "yes", "true", "是": return true
        default: throw LedgerError(.invalidValue, field: field, value: text, rule: "write yes or no")
        }
    }
}

import LedgerCore
import LedgerService

extension Distribution: TableRendering {
    /// The contract's shape, plus whether each pool found members.
    public var json: JSONValue {
        .object([
            ("year", .integer(Int64(year))),
            ("surplus", .string(surplus.description)),
            ("carried_in", .string(carriedIn.description)),
            ("reserve", .string(reserve.description)),
            ("distributable", .string(distributable.description)),
            ("patronage_pool", .string(patronagePool.description)),
            ("capital_pool", .string(capitalPool.description)),
            ("undistributed", .string(undistributed.description)),
            (
                "members",
                .array(
                    members.map { share in
                        .object([
                            ("member", .integer(Int64(share.member.value))),
                            ("patronage_weight", .string(share.patronageWeight.description)),
                            ("patronage_refund", .string(share.patronageRefund.description)),
                            ("capital_weight", .string(share.capitalWeight.description)),
                            ("capital_distribution", .string(share.capitalDistribution.description)),
                            ("reserve_share", .string(share.reserveShare.description)),
                        ])
                    })
            ),
            ("patronage_pool_distributed", .bool(isPatronagePoolDistributed)),
            ("capital_pool_distributed", .bool(isCapitalPoolDistributed)),
            ("reserve_quantified", .bool(isReserveQuantified)),
            ("notes", .array(notes.map(JSONValue.string))),
        ])
    }

    /// 盈余及盈余分配表 lines, then the per-member table.
    public var text: String {
        var statement = TextTable([.init("盈余分配 \(year) distribution"), .init("元 yuan", .right)])
        statement.append(["本年盈余 S surplus of the year", surplus.description])
        statement.append(["加：年初未分配盈余 L carried in", carriedIn.description])
        statement.append(["减：提取盈余公积 R reserve (\(settings.charter.reserveRate))", reserve.description])
        statement.append(["可分配盈余 D distributable", distributable.description])
        statement.append(["  按交易量返还 P patronage pool (\(settings.charter.patronageShare))", patronagePool.description])
        statement.append(["  按出资额分配 Q capital pool (\(settings.charter.capitalShare))", capitalPool.description])
        statement.append(["年末未分配盈余 undistributed", undistributed.description])
        var lines = [statement.rendered]
        lines += notes.map { "note: \($0)" }
        lines.append("")
        if members.isEmpty {
            lines.append("no member has a weight this year")
        } else {
            var table = TextTable([
                .init("成员 member", .right), .init("交易额 patronage", .right), .init("返还 refund", .right),
                .init("出资 capital", .right), .init("分配 residual", .right), .init("公积金份额 reserve", .right),
            ])
            for share in members {
                table.append([
                    share.member.description, share.patronageWeight.description, share.patronageRefund.description,
                    share.capitalWeight.description, share.capitalDistribution.description, share.reserveShare.description,
                ])
            }
            table.append([
                "total", totalPatronageWeight.description, patronageDistributed.description, totalCapitalWeight.description,
                capitalDistributed.description, (isReserveQuantified ? reserve : .zero).description,
            ])
            lines.append(table.rendered)
        }
        return lines.joined(separator: "\n")
    }

    public var csv: String {
        var writer = CSVWriter(header: ["member", "patronage_weight", "patronage_refund", "capital_weight", "capital_distribution", "reserve_share"])
        for share in members {
            writer.append([
                share.member.description, share.patronageWeight.description, share.patronageRefund.description,
                share.capitalWeight.description, share.capitalDistribution.description, share.reserveShare.description,
            ])
        }
        return writer.text
    }

}

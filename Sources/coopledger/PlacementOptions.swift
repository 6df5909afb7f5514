import ArgumentParser
import LedgerCore

/// Where a cooperative is: `--district CODE --township NAME`, both or neither.
struct PlacementOptions: ParsableArguments {
    @Option(help: "The district it is in (made with `coopledger district create`).")
    var district: String?
    @Option(help: "Its township (乡镇) in the district.")
    var township: String?

    func placement() throws -> Placement? {
        switch (district, township) {
        case (nil, nil): return nil
        case (let district?, let township?): return try Placement(district: DistrictCode(parsing: district), township: township)
        default: throw ValidationError("--district and --township go together")
        }
    }
}

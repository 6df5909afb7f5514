import LedgerRendering
import Testing

@Suite struct JSONValueTests {
    @Test func stringsAreEscapedAsJSONRequiresAndNothingElse() {
        let value = JSONValue.object([
            ("memo", .string("玉米 \"quoted\" back\\slash\nline\ttab\r\u{1}\u{1f} 🌾")),
            ("plain", .string("饲料 feed")),
            ("n", .integer(-9_223_372_036_854_775_808)), ("ok", .bool(true)), ("none", .null),
            ("list", .array([.integer(1), .string(""), .array([])])),
        ])
        #expect(
            value.rendered
                == #"{"memo":"玉米 \"quoted\" back\\slash\nline\ttab\r\u0001\u001f 🌾","plain":"饲料 feed","n":-9223372036854775808,"ok":true,"none":null,"list":[1,"",[]]}"#
        )
    }
}

import Testing

@testable import CustodianCore

@Suite("Collect payload")
struct CollectPayloadTests {
    func parse(_ text: String) throws(CollectPayload.Refusal) -> CollectPayload {
        try CollectPayload.parse(Array(text.utf8))
    }

    @Test func readsASegmentShapedPageEvent() throws {
        let payload = try parse(#"""
            {"type":"page","messageId":"m1","anonymousId":"a1","name":"Home","timestamp":"2026-11-30T07:00:00Z","sentAt":"2026-11-30T07:00:01Z",
             "properties":{"b":1,"a":[true]},
             "context":{"ip":"203.0.113.9","userAgent":"UA","locale":"en_GB","timezone":"Europe/London","screen":{"width":390,"height":844,"density":3},
                        "device":{"id":"d1","manufacturer":"Apple","model":"iPhone15,2","type":"mobile"},"os":{"name":"iOS","version":"17.1"},
                        "location":{"latitude":51.5,"longitude":-0.12},"page":{"url":"https://example.org/","referrer":"https://r.example/","title":"T","path":"/"},
                        "app":{"name":"Shop","version":"2.1"},"library":{"name":"custodian.js","version":"1"},"privacy":{"gpc":true}}}
            """#)
        #expect(!payload.isBatch)
        let event = try #require(try payload.events[0].get())
        #expect(event.type == .page)
        #expect(event.name == "Home")
        #expect(event.properties == #"{"a":[true],"b":1}"#)
        #expect(event.timestamp == ISOTimestamp.millis("2026-11-30T07:00:00Z"))
        #expect(event.context.deviceModel == "iPhone15,2")
        #expect(event.context.screenWidth == 390)
        #expect(event.context.gpc)
        #expect(event.context.pageReferrer == "https://r.example/")
    }

    @Test func reportsBadEventsByIndexAndKeepsGoodOnes() throws {
        let payload = try parse(#"""
            {"batch":[
              {"type":"track","event":"Bought","messageId":"m1","userId":"p1"},
              {"type":"track","messageId":"m2","anonymousId":"a"},
              {"type":"wave","messageId":"m3","anonymousId":"a"},
              {"type":"page","anonymousId":"a","timestamp":"yesterday"},
              {"type":"page","messageId":"m5","anonymousId":"a","context":{"ip":"not-an-ip","location":{"latitude":91}}},
              "nope"
            ], "sentAt":"2026-11-30T07:00:01Z", "writeKey":"ck_x"}
            """#)
        #expect(payload.isBatch)
        #expect(payload.writeKey == "ck_x")
        #expect(try payload.events[0].get().sentAt == ISOTimestamp.millis("2026-11-30T07:00:01Z"))
        func problems(_ index: Int) -> [String] {
            guard case .failure(let failure) = payload.events[index] else { return [] }
            return failure.problems.map { "\($0.index):\($0.field):\($0.code)" }
        }
        #expect(problems(1) == ["1:event:required"])
        #expect(problems(2) == ["2:type:invalid_choice"])
        #expect(problems(3) == ["3:messageId:required", "3:timestamp:invalid_format"])
        #expect(problems(4) == ["4:context.ip:invalid_format", "4:context.location.latitude:out_of_range", "4:context.location:incomplete"])
        #expect(problems(5) == ["5::invalid_type"])
    }

    @Test func refusesWholeBodiesThatAreNotEvents() {
        #expect(throws: CollectPayload.Refusal.self) { try parse("[1]") }
        #expect(throws: CollectPayload.Refusal.self) { try parse(#"{"batch": {}}"#) }
        #expect(throws: CollectPayload.Refusal.self) { try parse("{") }
        let many = "{\"batch\":[" + Array(repeating: "{}", count: 501).joined(separator: ",") + "]}"
        #expect(throws: CollectPayload.Refusal.tooManyEvents(501)) { try parse(many) }
    }

    @Test func limitsPropertiesAndIdentifiers() throws {
        let long = String(repeating: "x", count: 101)
        let deep = String(repeating: "{\"a\":", count: 8) + "1" + String(repeating: "}", count: 8)
        let payload = try parse(#"{"batch":[{"type":"page","messageId":"\#(long)","anonymousId":"a"},{"type":"page","messageId":"m","anonymousId":"a","properties":\#(deep)}]}"#)
        guard case .failure(let first) = payload.events[0], case .failure(let second) = payload.events[1] else {
            Issue.record("both events should be refused")
            return
        }
        #expect(first.problems.map(\.code) == ["too_long"])
        #expect(second.problems.map(\.code) == ["too_deep"])
    }
}

import Foundation
import Testing

@testable import CustodianClient

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(initialDelay: 1, maximumDelay: 60, multiplier: 2, jitter: 0.5)

    @Test func delaysDoubleUpToTheMaximum() {
        let delays = (1...9).map { policy.delay(failures: $0, random: 0) }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60, 60])
    }

    @Test func jitterTakesAtMostItsShareOffTheDelay() {
        #expect(policy.delay(failures: 3, random: 0) == 4)
        #expect(policy.delay(failures: 3, random: 0.999_999) > 2)
        for _ in 0..<100 {
            #expect((2...4).contains(policy.delay(failures: 3)))
        }
    }

    @Test func retryAfterIsNeverCutShort() {
        #expect(policy.delay(failures: 1, retryAfter: 7, random: 0) == 7)
        #expect(policy.delay(failures: 9, retryAfter: 7, random: 0) == 60)
        // Past the client's own maximum too: the server knows its queue.
        #expect(policy.delay(failures: 1, retryAfter: 120, random: 0) == 120)
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryPolicy.retryAfter("30", now: now) == 30)
        #expect(RetryPolicy.retryAfter(" 0 ", now: now) == 0)
        #expect(RetryPolicy.retryAfter("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == 30)
        #expect(RetryPolicy.retryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == 0)
        #expect(RetryPolicy.retryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.retryAfter(nil, now: now) == nil)
    }
}

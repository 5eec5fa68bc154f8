import Foundation
import Testing

@testable import CustodianClient

@Suite struct DiskQueueTests {
    func line(_ n: Int) -> Data { Data("{\"n\":\(n)}".utf8) }
    func numbers(_ queue: DiskQueue) -> [String] { queue.records.map { String(decoding: $0.data, as: UTF8.self) } }

    @Test func eventsSurviveReopeningInOrder() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            var queue = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20)
            for n in 1...5 { queue.append(line(n)) }
        }
        let reopened = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20)
        #expect(numbers(reopened) == (1...5).map { "{\"n\":\($0)}" })
    }

    @Test func sentEventsAreNotReadAgainAndSpentSegmentsGo() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            var queue = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20, segmentBytes: 20)
            for n in 1...6 { queue.append(line(n)) }  // 8 bytes a line: 3 lines fill a segment
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix("segment-") }.count == 2)
            let fourth = queue.records[3].seq
            #expect(try queue.remove(through: fourth) == 4)
            // Segments wholly before the first waiting event are deleted.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix("segment-") }.count == 1)
        }
        var reopened = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20, segmentBytes: 20)
        #expect(numbers(reopened) == ["{\"n\":5}", "{\"n\":6}"])
        // A new launch appends to a new segment; all are read in order the next time.
        reopened.append(line(7))
        let third = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20)
        #expect(numbers(third) == ["{\"n\":5}", "{\"n\":6}", "{\"n\":7}"])
    }

    @Test func theOldestAreDroppedAndCountedWhenFull() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            var queue = try DiskQueue(directory: folder.url, maxEvents: 3, maxBytes: 1 << 20)
            for n in 1...5 { queue.append(line(n)) }
            #expect(numbers(queue) == ["{\"n\":3}", "{\"n\":4}", "{\"n\":5}"])
            #expect(queue.cursor.dropped == 2)
        }
        let reopened = try DiskQueue(directory: folder.url, maxEvents: 3, maxBytes: 1 << 20)
        #expect(numbers(reopened) == ["{\"n\":3}", "{\"n\":4}", "{\"n\":5}"])
        #expect(reopened.cursor.dropped == 2)
    }

    @Test func theByteBoundDropsTheOldestToo() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var queue = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 16)
        for n in 1...4 { queue.append(line(n)) }  // 7 bytes each
        #expect(numbers(queue) == ["{\"n\":3}", "{\"n\":4}"])
        #expect(queue.bytes == 14)
        #expect(queue.cursor.dropped == 2)
    }

    @Test func aLineCutShortByACrashIsIgnored() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            var queue = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20)
            queue.append(line(1))
            queue.append(line(2))
        }
        let segment = try #require(FileManager.default.contentsOfDirectory(atPath: folder.url.path).first { $0.hasPrefix("segment-") })
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent(segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"n\":3,\"ev".utf8))
        try handle.close()
        var reopened = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20)
        #expect(numbers(reopened) == ["{\"n\":1}", "{\"n\":2}"])
        reopened.append(line(4))
        let again = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20)
        #expect(numbers(again) == ["{\"n\":1}", "{\"n\":2}", "{\"n\":4}"])
    }

    @Test func batchesRespectCountBytesAndTheirLimit() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var queue = try DiskQueue(directory: folder.url, maxEvents: 100, maxBytes: 1 << 20)
        for n in 1...10 { queue.append(line(n)) }
        let last = try #require(queue.lastSeq)
        #expect(queue.batch(maxEvents: 4, maxBytes: 1_000, through: last).count == 4)
        #expect(queue.batch(maxEvents: 100, maxBytes: 24, through: last).count == 3)
        // One event is always offered, even over the byte limit (the server then says 413).
        #expect(queue.batch(maxEvents: 100, maxBytes: 1, through: last).count == 1)
        #expect(queue.batch(maxEvents: 100, maxBytes: 1_000, through: queue.records[1].seq).count == 2)
    }
}

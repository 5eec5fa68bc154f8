import Foundation

/// The queue of unsent events: append-only segment files in a folder, one JSON event per line,
/// and a cursor file naming the first unsent event. It survives restarts; it is bounded, and the
/// oldest events are dropped (and counted) when it is full.
///
/// Sending never rewrites a segment: sent events are passed by moving the cursor (written
/// atomically), and a segment is deleted once the cursor has left it. A crash between a send and
/// the cursor write resends events the server already has; their `messageId` makes that harmless.
/// A line cut short by a crash has no newline and is ignored; each start appends to a new segment.
struct DiskQueue {
    struct Record: Sendable, Equatable {
        let seq: Int64
        let segment: Int
        let offset: Int
        let data: Data
    }

    struct Cursor: Codable, Equatable {
        var segment: Int
        var offset: Int
        /// Events dropped because the queue was full, since the folder was made.
        var dropped: Int
    }

    let directory: URL
    let maxEvents: Int
    let maxBytes: Int
    let segmentBytes: Int
    /// The waiting events, oldest first, kept in memory as well (the queue is bounded).
    private(set) var records: [Record] = []
    /// Bytes of the waiting events.
    private(set) var bytes = 0
    private(set) var cursor: Cursor
    /// Appends that did not reach the disk (the events are still sent from memory).
    private(set) var storageFailures = 0
    private var nextSeq: Int64 = 1
    private var segments: [Int] = []
    private var active = 0
    private var activeSize = 0
    private var handle: FileHandle?

    init(directory: URL, maxEvents: Int, maxBytes: Int, segmentBytes: Int = 256 * 1024) throws {
        self.directory = directory
        self.maxEvents = max(maxEvents, 1)
        self.maxBytes = max(maxBytes, 1)
        self.segmentBytes = segmentBytes
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        cursor = (try? JSONDecoder().decode(Cursor.self, from: Data(contentsOf: directory.appendingPathComponent("cursor.json"))))
            ?? Cursor(segment: 0, offset: 0, dropped: 0)
        let found = try files.contentsOfDirectory(atPath: directory.path).compactMap(Self.segmentNumber).sorted()

        for segment in found {
            if segment < cursor.segment {
                try? files.removeItem(at: Self.url(directory, segment))
                continue
            }
            segments.append(segment)
            let data = (try? Data(contentsOf: Self.url(directory, segment))) ?? Data()
            load(data, segment: segment, from: segment == cursor.segment ? cursor.offset : 0)
        }
        active = max(segments.last ?? 0, cursor.segment) + 1
        if enforceBounds() > 0 { try? saveCursor() }
    }

    var count: Int { records.count }
    var isEmpty: Bool { records.isEmpty }
    var lastSeq: Int64? { records.last?.seq }

    /// Adds one encoded event (without newline); returns how many old events were dropped for it.
    @discardableResult
    mutating func append(_ data: Data) -> Int {
        var position = (segment: active, offset: activeSize)
        do {
            position = try write(data + Data([0x0A]))
        } catch {
            storageFailures += 1
        }
        records.append(Record(seq: nextSeq, segment: position.segment, offset: position.offset, data: data))
        nextSeq += 1
        bytes += data.count
        let dropped = enforceBounds()
        if dropped > 0 { try? saveCursor() }
        return dropped
    }

    /// The oldest events that fit one request: at most `maxEvents`, at most `maxBytes` of JSON
    /// (separators counted), only events up to `through`; always at least one event if any wait.
    func batch(maxEvents: Int, maxBytes: Int, through last: Int64) -> [Record] {
        var size = 0
        var batch: [Record] = []
        for record in records where record.seq <= last {
            if !batch.isEmpty && (batch.count >= maxEvents || size + record.data.count + 1 > maxBytes) { break }
            batch.append(record)
            size += record.data.count + 1
        }
        return batch
    }

    /// Forgets every event up to `seq` (sent, refused or discarded); returns how many there were.
    @discardableResult
    mutating func remove(through seq: Int64) throws -> Int {
        let count = records.prefix { $0.seq <= seq }.count
        guard count > 0 else { return 0 }
        bytes -= records.prefix(count).reduce(0) { $0 + $1.data.count }
        records.removeFirst(count)
        try saveCursor()
        return count
    }

    /// Forgets every waiting event; returns how many there were.
    @discardableResult
    mutating func removeAll() throws -> Int {
        guard let last = lastSeq else { return 0 }
        return try remove(through: last)
    }

    // MARK: - Files

    static func segmentNumber(_ name: String) -> Int? {
        guard name.hasPrefix("segment-"), name.hasSuffix(".jsonl") else { return nil }
        return Int(name.dropFirst("segment-".count).dropLast(".jsonl".count))
    }

    static func url(_ directory: URL, _ segment: Int) -> URL {
        let digits = String(segment)
        return directory.appendingPathComponent("segment-\(String(repeating: "0", count: max(0, 10 - digits.count)))\(digits).jsonl")
    }

    private mutating func load(_ data: Data, segment: Int, from offset: Int) {
        var start = min(max(offset, 0), data.count)
        let bytes = [UInt8](data)
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index > start {
                    let line = Data(bytes[start..<index])
                    records.append(Record(seq: nextSeq, segment: segment, offset: start, data: line))
                    nextSeq += 1
                    self.bytes += line.count
                }
                start = index + 1
            }
            index += 1
        }
    }

    /// Appends a line to the active segment, starting a new one when it is full; returns where.
    private mutating func write(_ line: Data) throws -> (segment: Int, offset: Int) {
        if handle != nil, activeSize >= segmentBytes {
            try? handle?.close()
            handle = nil
            active += 1
            activeSize = 0
        }
        if handle == nil {
            let url = Self.url(directory, active)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            handle = try FileHandle(forWritingTo: url)
            segments.append(active)
        }
        let offset = activeSize
        try handle?.write(contentsOf: line)
        activeSize += line.count
        return (active, offset)
    }

    /// Drops the oldest events while the queue is over either bound.
    private mutating func enforceBounds() -> Int {
        var count = 0
        var size = bytes
        while count < records.count, records.count - count > maxEvents || size > maxBytes {
            size -= records[count].data.count
            count += 1
        }
        guard count > 0 else { return 0 }
        records.removeFirst(count)
        bytes = size
        cursor.dropped += count
        return count
    }

    /// Points the cursor at the first waiting event (or the end) and deletes segments before it.
    private mutating func saveCursor() throws {
        if let first = records.first {
            cursor.segment = first.segment
            cursor.offset = first.offset
        } else {
            cursor.segment = active
            cursor.offset = activeSize
        }
        let data = try JSONEncoder().encode(cursor)
        try data.write(to: directory.appendingPathComponent("cursor.json"), options: .atomic)
        while let oldest = segments.first, oldest < cursor.segment {
            try? FileManager.default.removeItem(at: Self.url(directory, oldest))
            segments.removeFirst()
        }
    }
}

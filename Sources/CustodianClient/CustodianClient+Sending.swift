import Foundation

extension CustodianClient {
    /// Sends what is queued now, in batches, without waiting for a backoff to end. Returns what
    /// the server made of it; events that could not be sent stay queued and are retried later.
    @discardableResult
    public func flush() async -> FlushResult {
        if let pass { _ = await pass.value }
        retryTask?.cancel()
        retryTask = nil
        retryAt = nil
        return await startPass().value
    }

    /// The running send pass, or a new one: one at a time, so batches never overlap.
    func startPass() -> Task<FlushResult, Never> {
        if let pass { return pass }
        let task = Task { await self.runPass() }
        pass = task
        return task
    }

    func intervalElapsed() {
        if !queue.isEmpty, retryAt == nil { _ = startPass() }
    }

    func retryDue() {
        retryTask = nil
        retryAt = nil
        if !queue.isEmpty { _ = startPass() }
    }

    /// What one request came to.
    enum Outcome {
        case delivered(accepted: Int, duplicates: Int, rejected: Int)
        case tooLarge
        case refused(CustodianClientError)
        case retry(CustodianClientError, retryAfter: TimeInterval?, longest: Bool)
    }

    /// Sends the events waiting when the pass began, batch by batch, until done or a failure.
    func runPass() async -> FlushResult {
        defer { pass = nil }
        var result = FlushResult()
        guard let last = queue.lastSeq else { return result }
        var maxEvents = configuration.maxBatchEvents
        sending: while true {
            let batch = queue.batch(maxEvents: maxEvents, maxBytes: configuration.maxBatchBytes - 64, through: last)
            guard let newest = batch.last?.seq else { break }
            switch await send(batch) {
            case .delivered(let accepted, let duplicates, let rejected):
                _ = try? queue.remove(through: newest)
                result.accepted += accepted
                result.duplicates += duplicates
                result.rejected += rejected
                failures = 0
                counters.lastError = nil
            case .tooLarge where batch.count > 1:
                maxEvents = max(1, batch.count / 2)
            case .tooLarge:
                _ = try? queue.remove(through: newest)
                result.rejected += 1
            case .refused(let error):
                _ = try? queue.remove(through: newest)
                result.rejected += batch.count
                result.error = error
                counters.lastError = error
            case .retry(let error, let retryAfter, let longest):
                failures += 1
                let delay = longest ? max(configuration.retry.maximumDelay, retryAfter ?? 0)
                    : configuration.retry.delay(failures: failures, retryAfter: retryAfter)
                scheduleRetry(after: delay)
                result.error = error
                counters.lastError = error
                break sending
            }
        }
        counters.accepted += result.accepted
        counters.duplicates += result.duplicates
        counters.rejected += result.rejected
        result.remaining = queue.count
        return result
    }

    func scheduleRetry(after delay: TimeInterval) {
        retryTask?.cancel()
        retryAt = Date().addingTimeInterval(delay)
        retryTask = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(max(delay, 0) * 1_000_000_000))
            guard !Task.isCancelled else { return }
            await self?.retryDue()
        }
    }

    func send(_ batch: [DiskQueue.Record]) async -> Outcome {
        let body = requestBody(batch)
        let headers = [
            "Authorization": "Bearer \(configuration.writeKey)",
            "Content-Type": "application/json",
            "User-Agent": "\(Self.libraryName)/\(Self.libraryVersion)",
        ]
        let response: TransportResponse
        do {
            response = try await transport.post(body, to: configuration.collectURL, headers: headers)
        } catch {
            return .retry(.network(String(describing: type(of: error))), retryAfter: nil, longest: false)
        }
        let retryAfter = RetryPolicy.retryAfter(response.headers["retry-after"])
        switch response.status {
        case 200..<300:
            let reply = try? JSONDecoder().decode(CollectReply.self, from: response.body)
            let rejected = reply?.rejected?.count ?? 0
            return .delivered(
                accepted: reply?.accepted ?? batch.count - rejected, duplicates: reply?.duplicates ?? 0, rejected: rejected)
        case 413:
            return .tooLarge
        case 400, 422:
            return .refused(.rejected(status: response.status))
        case 401, 403:
            return .retry(.unauthorized(status: response.status), retryAfter: retryAfter, longest: true)
        case 408, 429, 500...:
            return .retry(.server(status: response.status), retryAfter: retryAfter, longest: false)
        default:
            // A wrong endpoint (404) or the like: only a new configuration helps, so wait long.
            return .retry(.server(status: response.status), retryAfter: retryAfter, longest: true)
        }
    }

    /// `{"batch":[…],"sentAt":…}` from the queued lines as they are, so retries send the same
    /// events; under an opt-out signal, lasting ids are taken out of events queued before it.
    func requestBody(_ batch: [DiskQueue.Record]) -> Data {
        var body = Data("{\"batch\":[".utf8)
        for (index, record) in batch.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            if state.consent.optOut, let event = try? JSONDecoder().decode(OutgoingEvent.self, from: record.data),
               let stripped = try? event.withoutLastingIds(sessionId: sessionId).encoded() {
                body.append(stripped)
            } else {
                body.append(record.data)
            }
        }
        body.append(Data("],\"sentAt\":\"\(Timestamp.string(Date()))\"}".utf8))
        return body
    }

    /// The 202 answer of `POST /v1/collect`.
    struct CollectReply: Decodable {
        var accepted: Int?
        var duplicates: Int?
        var rejected: [Rejection]?

        struct Rejection: Decodable {
            var index: Int?
        }
    }
}

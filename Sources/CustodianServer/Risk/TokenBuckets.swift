import Dispatch
import Synchronization

/// Token buckets per key (a client address, an API key), in memory, sharded so that two cores
/// rarely wait for the same lock.
///
/// Each bucket holds up to `burst` tokens and refills at `perSecond`; a request takes one. The
/// table is bounded: when a shard is full, buckets that have refilled completely (idle clients)
/// are dropped, and if that frees nothing, the shard starts over (a flood of fresh addresses
/// then costs each of them a full bucket, never memory).
final class TokenBuckets: Sendable {
    let limit: RateLimit
    private let shards: [Shard]
    private let shardCapacity: Int

    struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    /// One lock and its part of the table (a class: `Mutex` cannot sit in an array).
    final class Shard: Sendable {
        let buckets = Mutex<[String: Bucket]>([:])
    }

    init(limit: RateLimit, capacity: Int = 200_000, shardCount: Int = 16) {
        self.limit = limit
        self.shards = (0..<shardCount).map { _ in Shard() }
        self.shardCapacity = max(16, capacity / shardCount)
    }

    /// Takes a token for `key`: nil when allowed, else the whole seconds until one is there.
    func take(_ key: String, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> Int? {
        let rate = limit.perSecond
        let burst = limit.burst
        let capacity = shardCapacity
        let shard = shards[Int(truncatingIfNeeded: UInt(bitPattern: key.hashValue) % UInt(shards.count))]
        return shard.buckets.withLock { buckets -> Int? in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now > bucket.updated ? Double(now - bucket.updated) / 1e9 : 0
            bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                if buckets.count >= capacity, buckets[key] == nil { Self.evict(&buckets, now: now, rate: rate, burst: burst, capacity: capacity) }
                buckets[key] = bucket
                return nil
            }
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }

    private static func evict(_ buckets: inout [String: Bucket], now: UInt64, rate: Double, burst: Double, capacity: Int) {
        buckets = buckets.filter { _, bucket in bucket.tokens + Double(now &- bucket.updated) / 1e9 * rate < burst }
        if buckets.count >= capacity { buckets.removeAll(keepingCapacity: true) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Random bytes from the operating system's generator, fetched in blocks.
///
/// Sealing needs a fresh 96-bit nonce for every value; asking the kernel for 12 bytes at a time
/// cost a system call per seal. Bytes are handed out once each and never reused, so nonces
/// drawn from here are as unpredictable as the kernel's.
public final class RandomPool: Sendable {
    public static let shared = RandomPool()

    private struct State {
        var buffer = [UInt8](repeating: 0, count: RandomPool.blockSize)
        var offset = RandomPool.blockSize
    }

    private static let blockSize = 4_096
    private let state = Mutex(State())

    /// `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        guard count <= Self.blockSize / 4 else { return Self.fromSystem(count) }
        return state.withLock { state in
            if state.offset + count > state.buffer.count {
                state.buffer = Self.fromSystem(Self.blockSize)
                state.offset = 0
            }
            let slice = Array(state.buffer[state.offset..<(state.offset + count)])
            // Overwrite what was handed out, so it is never in memory twice.
            for index in state.offset..<(state.offset + count) { state.buffer[index] = 0 }
            state.offset += count
            return slice
        }
    }

    /// Fills `buffer` with random bytes (nonces written straight into a sealed value).
    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        let count = buffer.count
        guard count <= Self.blockSize / 4 else {
            let bytes = Self.fromSystem(count)
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
            return
        }
        state.withLock { state in
            if state.offset + count > state.buffer.count {
                state.buffer = Self.fromSystem(Self.blockSize)
                state.offset = 0
            }
            let start = state.offset
            state.buffer.withUnsafeMutableBytes { pool in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: pool[start..<(start + count)]))
                // Overwrite what was handed out, so it is never in memory twice.
                UnsafeMutableRawBufferPointer(rebasing: pool[start..<(start + count)]).initializeMemory(as: UInt8.self, repeating: 0)
            }
            state.offset += count
        }
    }

    /// Bytes straight from the system generator: `/dev/urandom` in one read on Linux (getrandom(2)
    /// is not visible to Swift here), `arc4random_buf` on Apple platforms.
    static func fromSystem(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        #if canImport(Darwin)
        out.withUnsafeMutableBytes { arc4random_buf($0.baseAddress, $0.count) }
        #else
        var filled = 0
        let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            defer { close(descriptor) }
            out.withUnsafeMutableBytes { raw in
                while filled < raw.count {
                    let result = read(descriptor, raw.baseAddress! + filled, raw.count - filled)
                    if result > 0 {
                        filled += result
                    } else if result < 0 && errno == EINTR {
                        continue
                    } else {
                        break
                    }
                }
            }
        }
        if filled < count {
            // No /dev/urandom (a chroot without /dev): the standard library's generator, slower.
            var generator = SystemRandomNumberGenerator()
            for index in filled..<count { out[index] = UInt8.random(in: .min ... .max, using: &generator) }
        }
        #endif
        return out
    }
}

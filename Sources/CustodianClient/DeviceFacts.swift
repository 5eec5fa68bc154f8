import Foundation
#if canImport(UIKit)
import UIKit
#elseif canImport(AppKit)
import AppKit
#endif
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the client can tell about the device it runs on; gathered once per client.
struct DeviceFacts: Sendable, Equatable {
    var manufacturer: String?
    var model: String?
    var type: String?
    var osName: String
    var osVersion: String
    var screen: ScreenInfo?
    var locale: String?
    var timezone: String

    /// Reads the platform, with the configuration's values taking precedence.
    static func gather(_ configuration: CustodianClient.Configuration) async -> DeviceFacts {
        let model = Self.model()
        var screen = configuration.screen
        if screen == nil { screen = await Self.mainScreen() }
        return DeviceFacts(
            manufacturer: Self.manufacturer(),
            model: model,
            type: configuration.deviceType ?? Self.deviceType(model: model),
            osName: Self.osName(model: model),
            osVersion: Self.osVersion(),
            screen: screen,
            locale: configuration.locale ?? Self.languageTag(Locale.current.identifier),
            timezone: TimeZone.current.identifier)
    }

    /// The hardware model: `iPhone15,2`, `Mac14,2`, a PC's DMI product name, or the CPU architecture.
    static func model() -> String? {
        #if os(macOS)
        return sysctlString("hw.model") ?? machine()
        #elseif canImport(Darwin)
        // On a simulator the architecture would be reported; the simulated model is in the environment.
        return ProcessInfo.processInfo.environment["SIMULATOR_MODEL_IDENTIFIER"] ?? machine()
        #elseif os(Linux)
        return dmi("product_name") ?? machine()
        #else
        return machine()
        #endif
    }

    static func manufacturer() -> String? {
        #if canImport(Darwin)
        return "Apple"
        #elseif os(Linux)
        return dmi("sys_vendor")
        #else
        return nil
        #endif
    }

    /// The device types the server knows: desktop, mobile, tablet, other.
    static func deviceType(model: String?) -> String {
        #if os(iOS) && !targetEnvironment(macCatalyst)
        return model?.hasPrefix("iPad") == true ? "tablet" : "mobile"
        #elseif os(macOS) || targetEnvironment(macCatalyst) || os(Linux) || os(Windows)
        return "desktop"
        #elseif os(Android)
        return "mobile"
        #else
        return "other"
        #endif
    }

    static func osName(model: String?) -> String {
        #if os(macOS) || targetEnvironment(macCatalyst)
        return "macOS"
        #elseif os(iOS)
        return model?.hasPrefix("iPad") == true ? "iPadOS" : "iOS"
        #elseif os(tvOS)
        return "tvOS"
        #elseif os(watchOS)
        return "watchOS"
        #elseif os(visionOS)
        return "visionOS"
        #elseif os(Android)
        return "Android"
        #elseif os(Linux)
        return "Linux"
        #elseif os(Windows)
        return "Windows"
        #else
        return "unknown"
        #endif
    }

    /// `major.minor.patch`; on Linux the kernel's version.
    static func osVersion() -> String {
        let version = ProcessInfo.processInfo.operatingSystemVersion
        return "\(version.majorVersion).\(version.minorVersion).\(version.patchVersion)"
    }

    /// A BCP 47 tag from a Foundation locale identifier (`en_GB@calendar=…` → `en-GB`); nil for
    /// the POSIX locale, which says nothing about the person.
    static func languageTag(_ identifier: String) -> String? {
        let base = identifier.split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        let tag = base.replacingOccurrences(of: "_", with: "-")
        guard !tag.isEmpty, !tag.uppercased().contains("POSIX"), tag != "C", tag.utf8.count <= 35 else { return nil }
        return tag
    }

    /// The kernel's name for the hardware (`uname -m`).
    static func machine() -> String? {
        var name = utsname()
        guard uname(&name) == 0 else { return nil }
        let text = withUnsafeBytes(of: &name.machine) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? nil : text
    }

    #if os(Linux)
    /// A value the firmware gives the kernel, skipping the placeholders boards ship with.
    static func dmi(_ field: String) -> String? {
        guard let data = FileManager.default.contents(atPath: "/sys/devices/virtual/dmi/id/\(field)") else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let placeholders = ["", "to be filled by o.e.m.", "default string", "system product name", "system manufacturer", "not specified"]
        return placeholders.contains(text.lowercased()) ? nil : FieldLimit.cut(text, to: FieldLimit.name)
    }
    #endif

    #if os(macOS)
    static func sysctlString(_ name: String) -> String? {
        var size = 0
        guard sysctlbyname(name, nil, &size, nil, 0) == 0, size > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: size)
        guard sysctlbyname(name, &buffer, &size, nil, 0) == 0 else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        return text.isEmpty ? nil : text
    }
    #endif

    /// The main screen in points, where a UI framework can say.
    static func mainScreen() async -> ScreenInfo? {
        #if canImport(UIKit) && !os(watchOS) && !os(visionOS)
        return await MainActor.run {
            let screen = UIScreen.main
            return ScreenInfo(width: Int(screen.bounds.width), height: Int(screen.bounds.height), density: Double(screen.scale))
        }
        #elseif canImport(AppKit)
        return await MainActor.run {
            guard let screen = NSScreen.main else { return nil }
            return ScreenInfo(width: Int(screen.frame.width), height: Int(screen.frame.height), density: Double(screen.backingScaleFactor))
        }
        #else
        return nil
        #endif
    }
}

// swift-tools-version:6.1
// Parley — a self-hosted real-time voice server for AI interviews.
//
// Layout: `Media/` holds the sans-IO media-plane cores, `Signaling/` the SDP and
// signalling-message types, `Sources/` the C system-library targets, their thin
// Swift wrappers, storage, the server and the `parley` executable.
import PackageDescription

/// A system-library target found by pkg-config, with a Debian package as provider.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyMedia", targets: ["MediaSession", "SDP", "SignalingProtocol"]),
        .library(name: "ParleySpeech", targets: ["Speech", "PocketSphinx", "ESpeakNG", "SpeexDSP"]),
        .library(name: "ParleyMediaCores", targets: ["STUN", "ICELite", "DTLS", "SRTP", "RTP", "AudioCodec", "MediaSession", "ParleyCrypto", "SpeexDSP", "JitterBuffer", "VoiceActivity", "SpeechOutput"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // MARK: C system libraries (one per library, found by pkg-config)
        systemLibrary("COpus", pkgConfig: "opus", apt: "libopus-dev"),
        systemLibrary("CSRTP", pkgConfig: "libsrtp2", apt: "libsrtp2-dev"),
        systemLibrary("COpenSSL", pkgConfig: "openssl", apt: "libssl-dev"),
        systemLibrary("CSpeexDSP", pkgConfig: "speexdsp", apt: "libspeexdsp-dev"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        systemLibrary("CPocketSphinx", pkgConfig: "pocketsphinx", apt: "libpocketsphinx-dev"),
        systemLibrary("CESpeakNG", pkgConfig: "espeak-ng", apt: "libespeak-ng-dev"),

        // MARK: One thin Swift wrapper per C library
        .target(name: "ParleyCrypto", dependencies: ["COpenSSL"], path: "Sources/ParleyCrypto", swiftSettings: swiftSettings),
        .target(name: "AudioCodec", dependencies: ["COpus"], path: "Media/AudioCodec", swiftSettings: swiftSettings),
        .target(name: "SRTP", dependencies: ["CSRTP"], path: "Media/SRTP", swiftSettings: swiftSettings),
        .target(name: "SpeexDSP", dependencies: ["CSpeexDSP"], path: "Sources/SpeexDSP", swiftSettings: swiftSettings),
        .target(name: "CurlHTTP", dependencies: ["CCurl"], path: "Sources/CurlHTTP", swiftSettings: swiftSettings),
        .target(name: "PocketSphinx", dependencies: ["CPocketSphinx"], path: "Sources/PocketSphinx", swiftSettings: swiftSettings),
        .target(name: "ESpeakNG", dependencies: ["CESpeakNG"], path: "Sources/ESpeakNG", swiftSettings: swiftSettings),

        // MARK: Media plane (sans-IO cores)
        .target(name: "STUN", dependencies: ["ParleyCrypto"], path: "Media/STUN", swiftSettings: swiftSettings),
        .target(name: "ICELite", dependencies: ["STUN", "ParleyCrypto"], path: "Media/ICELite", swiftSettings: swiftSettings),
        .target(name: "DTLS", dependencies: ["ParleyCrypto", "SRTP"], path: "Media/DTLS", swiftSettings: swiftSettings),
        .target(name: "RTP", path: "Media/RTP", swiftSettings: swiftSettings),
        .target(name: "JitterBuffer", dependencies: ["AudioCodec", "RTP"], path: "Media/JitterBuffer", swiftSettings: swiftSettings),
        .target(name: "VoiceActivity", dependencies: ["SpeexDSP"], path: "Media/VoiceActivity", swiftSettings: swiftSettings),
        .target(name: "SpeechOutput", dependencies: ["AudioCodec", "SpeexDSP"], path: "Media/SpeechOutput", swiftSettings: swiftSettings),
        .target(name: "MediaSession", dependencies: ["STUN", "ICELite", "DTLS", "SRTP", "RTP", "ParleyCrypto"], path: "Media/MediaSession", swiftSettings: swiftSettings),
        .target(
            name: "UDPSocket",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            path: "Media/UDPSocket", swiftSettings: swiftSettings),

        // MARK: Signalling
        .target(name: "SDP", dependencies: ["ParleyCrypto"], path: "Signaling/SDP", swiftSettings: swiftSettings),
        .target(name: "SignalingProtocol", path: "Signaling/SignalingProtocol", swiftSettings: swiftSettings),

        // MARK: Application
        .target(name: "Speech", dependencies: ["ESpeakNG", "CurlHTTP", "PocketSphinx"], path: "Sources/Speech", swiftSettings: swiftSettings),
        .target(name: "Interview", path: "Sources/Interview", swiftSettings: swiftSettings),
        .target(name: "Storage", dependencies: [.product(name: "GRDB", package: "GRDB.swift")], path: "Sources/Storage", swiftSettings: swiftSettings),
        .target(
            name: "Server",
            dependencies: [
                "MediaSession", "UDPSocket", "SDP", "SignalingProtocol", "Storage", "ParleyCrypto", "AudioCodec", "JitterBuffer", "SpeechOutput", "VoiceActivity", "Speech", "Interview", "SpeexDSP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Sources/Server",
            // The browser pages, served from memory by WebAssets (looked up beside the executable).
            resources: [.copy("Web")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Caller",
            dependencies: [
                "MediaSession", "UDPSocket", "SDP", "SignalingProtocol", "AudioCodec", "ParleyCrypto", "STUN", "SpeechOutput",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Caller",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LoadGen",
            dependencies: [
                "Caller", "SignalingProtocol", "AudioCodec", "ESpeakNG", "SpeexDSP", "CurlHTTP", "RTP", "MediaSession", "SpeechOutput", "Interview",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Sources/LoadGen",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "parley",
            dependencies: ["Server", "LoadGen", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/parley",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "WrapperTests", dependencies: ["ParleyCrypto", "AudioCodec", "SRTP", "SpeexDSP", "CurlHTTP", "PocketSphinx", "ESpeakNG", "Storage"], path: "Tests/WrapperTests", swiftSettings: swiftSettings),
        .testTarget(name: "STUNTests", dependencies: ["STUN", "ICELite"], path: "Tests/STUNTests", swiftSettings: swiftSettings),
        .testTarget(name: "DTLSTests", dependencies: ["DTLS", "SRTP", "ParleyCrypto"], path: "Tests/DTLSTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "UDPSocketTests",
            dependencies: ["UDPSocket", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            path: "Tests/UDPSocketTests", swiftSettings: swiftSettings),
        .testTarget(name: "RTPTests", dependencies: ["RTP"], path: "Tests/RTPTests", swiftSettings: swiftSettings),
        .testTarget(name: "SDPTests", dependencies: ["SDP", "SignalingProtocol"], path: "Tests/SDPTests", resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "MediaSessionTests", dependencies: ["MediaSession", "SDP", "ParleyCrypto", "ICELite", "STUN", "RTP"], path: "Tests/MediaSessionTests", swiftSettings: swiftSettings),
        .testTarget(name: "JitterBufferTests", dependencies: ["JitterBuffer", "AudioCodec", "RTP"], path: "Tests/JitterBufferTests", swiftSettings: swiftSettings),
        .testTarget(name: "VoiceActivityTests", dependencies: ["VoiceActivity", "ESpeakNG", "SpeexDSP"], path: "Tests/VoiceActivityTests", swiftSettings: swiftSettings),
        .testTarget(name: "SpeechOutputTests", dependencies: ["SpeechOutput", "AudioCodec", "SpeexDSP", "ESpeakNG"], path: "Tests/SpeechOutputTests", swiftSettings: swiftSettings),
        .testTarget(name: "SpeechTests", dependencies: ["Speech", "PocketSphinx", "ESpeakNG", "SpeexDSP"], path: "Tests/SpeechTests", swiftSettings: swiftSettings),
        .testTarget(name: "InterviewTests", dependencies: ["Interview"], path: "Tests/InterviewTests", swiftSettings: swiftSettings),
        .testTarget(name: "LoadGenTests", dependencies: ["LoadGen", "Caller", "SignalingProtocol", "SpeechOutput"], path: "Tests/LoadGenTests", swiftSettings: swiftSettings),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Caller", "Storage", "ESpeakNG", "SpeexDSP"], path: "Tests/ServerTests", swiftSettings: swiftSettings),
    ]
)

// swift-tools-version:6.1
// Parley's media-path benchmarks (package-benchmark), kept in their own package so the
// main build stays lean. Run with `swift package benchmark` from this directory.
import PackageDescription

let package = Package(
    name: "ParleyBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Parley", path: ".."),
        // Only the MallocInterposer trait: the default RuntimeInterposer trait pulls a package
        // that is not in this machine's mirror.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // package-benchmark finds benchmark targets as executables whose folder sits in a
        // folder named `Benchmarks` (this package's root).
        .executableTarget(
            name: "MediaPath",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ParleyMediaCores", package: "Parley"),
            ],
            path: "MediaPath",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Captions",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ParleySpeech", package: "Parley"),
            ],
            path: "Captions",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

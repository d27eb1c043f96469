// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "DanCu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dancu", targets: ["dancu"]),
        .library(name: "DanCuCore", targets: ["DanCuCore"]),
        .library(name: "DanCuQR", targets: ["DanCuQR"]),
        .library(name: "DanCuStore", targets: ["DanCuStore"]),
        .library(name: "DanCuRegister", targets: ["DanCuRegister"]),
        .library(name: "DanCuAccess", targets: ["DanCuAccess"]),
        .library(name: "DanCuTransparency", targets: ["DanCuTransparency"]),
        .library(name: "DanCuCard", targets: ["DanCuCard"]),
        .library(name: "DanCuEID", targets: ["DanCuEID"]),
        .library(name: "DanCuServices", targets: ["DanCuServices"]),
        .library(name: "DanCuQuality", targets: ["DanCuQuality"]),
        .library(name: "DanCuWeb", targets: ["DanCuWeb"]),
        .library(name: "DanCuApp", targets: ["DanCuApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-structured-headers", from: "1.7.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        .target(
            name: "DanCuCore",
            resources: [.copy("Resources/reference")]
        ),
        .target(name: "DanCuQR"),
        // SQLite's process-wide settings: `sqlite3_config` is variadic, so only C can call it.
        .target(name: "CDanCuSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "DanCuStore",
            dependencies: [
                "DanCuCore", "CDanCuSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DanCuTransparency",
            dependencies: ["DanCuCore", "DanCuStore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "DanCuRegister",
            dependencies: ["DanCuCore", "DanCuStore"]
        ),
        .target(
            name: "DanCuCard",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuAccess",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            resources: [.copy("Resources/synthetic-face.jpg")]
        ),
        .target(
            name: "DanCuAccess",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuTransparency",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DanCuEID",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuCard", "DanCuAccess",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .target(
            name: "DanCuExchange",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuAccess", "DanCuCard", "DanCuTransparency",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
            ]
        ),
        .target(
            name: "DanCuServices",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuAccess", "DanCuExchange", "DanCuCard",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/procedures"), .copy("Resources/calendar")]
        ),
        .target(
            name: "DanCuQuality",
            dependencies: ["DanCuCore", "DanCuStore", "DanCuRegister", "DanCuAccess"]
        ),
        .target(
            name: "DanCuAPI",
            dependencies: [
                "DanCuCore", "DanCuRegister", "DanCuAccess", "DanCuCard", "DanCuEID", "DanCuExchange",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["openapi-generator-config.yaml"],
            resources: [.copy("openapi.yaml")]
        ),
        .target(
            name: "DanCuWeb",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuAccess", "DanCuCard", "DanCuEID", "DanCuExchange", "DanCuTransparency", "DanCuAPI",
                "DanCuServices", "DanCuQuality", "DanCuQR",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/assets")]
        ),
        .target(
            name: "DanCuApp",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuAccess", "DanCuCard", "DanCuEID", "DanCuExchange", "DanCuTransparency", "DanCuWeb",
                "DanCuServices", "DanCuQuality",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "DanCuTestSupport",
            dependencies: [
                "DanCuCore", "DanCuRegister", "DanCuStore", "DanCuAccess", "DanCuCard", "DanCuExchange", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "dancu",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuAccess", "DanCuWeb", "DanCuCard", "DanCuEID", "DanCuExchange", "DanCuTransparency",
                "DanCuApp", "DanCuServices", "DanCuQR", "DanCuQuality",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "dancu-bench",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister", "DanCuCard", "DanCuAccess", "DanCuEID", "DanCuExchange", "DanCuTransparency", "DanCuApp",
                "DanCuServices",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "DanCuQRTests", dependencies: ["DanCuQR"]),
        .testTarget(
            name: "DanCuQualityTests", dependencies: ["DanCuQuality", "DanCuCore", "DanCuRegister", "DanCuAccess", "DanCuStore", "DanCuTestSupport"]),
        .testTarget(
            name: "DanCuCoreTests",
            dependencies: ["DanCuCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "DanCuTransparencyTests",
            dependencies: ["DanCuTransparency", "DanCuStore", "DanCuRegister", "DanCuTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "DanCuStoreTests",
            dependencies: [
                "DanCuStore", "DanCuRegister", "DanCuCore", "DanCuTestSupport", .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "DanCuCardTests",
            dependencies: [
                "DanCuCard", "DanCuAccess", "DanCuCore", "DanCuRegister", "DanCuStore", "DanCuTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(
            name: "DanCuEIDTests",
            dependencies: ["DanCuEID", "DanCuCard", "DanCuAccess", "DanCuRegister", "DanCuStore", "DanCuCore", "DanCuTestSupport"]
        ),
        .testTarget(
            name: "DanCuServicesTests",
            dependencies: [
                "DanCuServices", "DanCuAccess", "DanCuRegister", "DanCuStore", "DanCuCore", "DanCuTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "DanCuAccessTests",
            dependencies: ["DanCuAccess", "DanCuRegister", "DanCuStore", "DanCuCore", "DanCuTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "DanCuExchangeTests",
            dependencies: [
                "DanCuExchange", "DanCuAccess", "DanCuCard", "DanCuStore", "DanCuCore", "DanCuRegister", "DanCuTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "DanCuAppTests",
            dependencies: [
                "DanCuApp", "DanCuAccess", "DanCuStore", "DanCuTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "DanCuWebTests",
            dependencies: [
                "DanCuWeb", "DanCuApp", "DanCuAPI", "DanCuAccess", "DanCuRegister", "DanCuStore", "DanCuCore", "DanCuTestSupport", "DanCuTransparency",
                "DanCuServices", "DanCuCard",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Charts/Snapshots"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The compiler's stricter settings, on every target: `any` spelled out for existentials, members visible
// only from modules a file imports itself, and imports internal unless a file says `public import`.
let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
for target in package.targets where target.name != "CDanCuSQLite" {
    target.swiftSettings = (target.swiftSettings ?? []) + strictness
}

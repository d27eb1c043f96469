// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "DanCu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dancu", targets: ["dancu"]),
        .library(name: "DanCuCore", targets: ["DanCuCore"]),
        .library(name: "DanCuStore", targets: ["DanCuStore"]),
        .library(name: "DanCuRegister", targets: ["DanCuRegister"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "DanCuCore",
            resources: [.copy("Resources/reference")]
        ),
        .target(
            name: "DanCuStore",
            dependencies: [
                "DanCuCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DanCuRegister",
            dependencies: ["DanCuCore", "DanCuStore"]
        ),
        .executableTarget(
            name: "dancu",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "dancu-bench",
            dependencies: [
                "DanCuCore", "DanCuStore", "DanCuRegister",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DanCuCoreTests",
            dependencies: ["DanCuCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "DanCuStoreTests",
            dependencies: ["DanCuStore", "DanCuRegister", "DanCuCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

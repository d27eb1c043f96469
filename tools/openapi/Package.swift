// swift-tools-version: 6.1
// The OpenAPI generator, kept out of the main package so that `swift build` does not compile it:
// scripts/generate-api.sh runs it to regenerate Sources/DanCuAPI/Generated from Sources/DanCuAPI/openapi.yaml,
// and CI runs the same script with --check to fail when the committed code is not what the document gives.
import PackageDescription

let package = Package(
    name: "DanCuAPITools",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3")
    ]
)

// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "IncomeManagement",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ims", targets: ["ims"]),
        .library(name: "IMSCore", targets: ["IMSCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "IMSCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: strictSettings
        ),
        // The application layer: one folder per workflow, each a unit of work over the core's store protocols.
        .target(
            name: "IMSServices",
            dependencies: [
                "IMSCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "IMSStore",
            dependencies: [
                "IMSCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "IMSInterchange",
            dependencies: ["IMSCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "IMSImport",
            dependencies: ["IMSCore", "IMSInterchange", "IMSStore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "IMSProviders",
            dependencies: [
                "IMSCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The sandbox card processor IMS serves for development and demos: it speaks GOV.UK Pay's API, so it
        // needs a web server (Hummingbird) and IMS reaches it through IMSProviders' GOV.UK Pay client.
        .target(
            name: "IMSSandbox",
            dependencies: [
                "IMSCore",
                "IMSProviders",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CSystemAuth",
            path: "Sources/CSystemAuth",
            // dlopen/dlsym: in libc itself from glibc 2.34, in libdl before that.
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        // Staff sign-in: OpenID Connect, Kerberos and directory groups. No web framework, no database.
        .target(
            name: "IMSAuth",
            dependencies: [
                "IMSCore",
                "CSystemAuth",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "IMSWeb",
            dependencies: [
                "IMSCore",
                "IMSServices",
                "IMSStore",
                "IMSAuth",
                "IMSProviders",
                "IMSSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/assets"), .copy("Resources/openapi")],
            swiftSettings: strictSettings
        ),
        // Benchmarks that print numbers (`ims bench …`): the speed targets live here, not in timed tests.
        .target(
            name: "IMSBench",
            dependencies: [
                "IMSCore",
                "IMSStore",
                "IMSInterchange",
                "IMSImport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ims",
            dependencies: [
                "IMSCore",
                "IMSServices",
                "IMSStore",
                "IMSWeb",
                "IMSInterchange",
                "IMSImport",
                "IMSBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The GOV.UK Pay stand-in, written from its published API, shared by the provider and web tests; and the
        // sign-in servers of scripts/ldap, scripts/kerberos and scripts/oidc, shared by the auth and web tests.
        .target(
            name: "IMSTestSupport",
            dependencies: [
                "IMSCore", "IMSAuth", "IMSStore", "IMSServices",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/IMSTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IMSAuthTests",
            dependencies: [
                "IMSAuth", "IMSCore", "IMSTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IMSCoreTests",
            dependencies: ["IMSCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IMSImportTests",
            dependencies: ["IMSCore", "IMSInterchange", "IMSStore", "IMSImport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IMSInterchangeTests",
            dependencies: ["IMSCore", "IMSInterchange"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IMSProvidersTests",
            dependencies: [
                "IMSCore", "IMSProviders", "IMSTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The sandbox reached as IMS reaches it: over HTTP through IMSProviders' GOV.UK Pay client.
        .testTarget(
            name: "IMSSandboxTests",
            dependencies: [
                "IMSCore", "IMSProviders", "IMSSandbox", "IMSTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IMSStoreTests",
            dependencies: ["IMSCore", "IMSStore", "IMSServices", "IMSTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IMSServicesTests",
            dependencies: [
                "IMSCore", "IMSStore", "IMSServices", "IMSProviders", "IMSTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IMSWebTests",
            dependencies: [
                "IMSAuth", "IMSCore", "IMSStore", "IMSServices", "IMSWeb", "IMSProviders", "IMSInterchange", "IMSImport", "IMSTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)

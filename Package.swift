// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "BackendTutor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "backend-tutor", targets: ["backend-tutor"]),
        .executable(name: "backend-tutor-cohort", targets: ["backend-tutor-cohort"]),
        .library(name: "TutorKit", targets: ["TutorKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // Cohort mode's PostgreSQL client: linked only into backend-tutor-cohort, never into
        // backend-tutor, whose start-up would pay for NIO and BoringSSL on every command.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The REPL's line reader: Ctrl-C and bracketed paste around libedit's readline().
        .target(
            name: "TutorLine",
            dependencies: ["CEditLine"]
        ),
        .target(
            name: "TutorKit",
            dependencies: [
                "CMarkGFM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "backend-tutor",
            dependencies: [
                "TutorKit",
                "CEditLine",
                "TutorLine",
            ],
            // SwiftPM exports every symbol of an executable (15,900 here); the runtime's start-up
            // looks its own path up with dladdr, which walks them all: 0.5 million instructions
            // of every command, --version's included (docs/BENCHMARKS.md).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release))]
        ),
        // Cohort mode's wire part: the server's schema, its migrations and the sync over
        // PostgreSQL. What needs no server (records, sync state, the report) is in TutorKit.
        .target(
            name: "TutorCohort",
            dependencies: [
                "TutorKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .executableTarget(
            name: "backend-tutor-cohort",
            dependencies: ["TutorCohort", "TutorKit"]
        ),
        // Fuzz targets: `make fuzz` builds this with libFuzzer; a normal build replays files.
        .executableTarget(
            name: "tutor-fuzz",
            dependencies: ["TutorKit"],
            path: "Sources/TutorFuzz"
        ),
        .testTarget(
            name: "TutorKitTests",
            dependencies: ["TutorKit"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "TutorCohortTests",
            dependencies: ["TutorCohort", "TutorKit", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(
            name: "BackendTutorTests",
            dependencies: ["backend-tutor", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

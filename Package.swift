// swift-tools-version: 6.0
import PackageDescription

/// How a release build links the tutor on Linux, so that a command starts as fast as a Swift
/// program can (docs/BENCHMARKS.md, "Start-up"); the last two took `--version` from 5.7 to 0.5
/// million instructions:
/// - SwiftPM exports every symbol of an executable (15,900 here); the runtime's start-up looks
///   its own path up with dladdr, which walks them all: 0.5 million instructions.
/// - A position-dependent executable: in a position-independent one the loader rewrites 92,000
///   pointers at every start (1.2 million instructions, and the pages they sit on copied). The
///   shared libraries, the stack and the heap are still placed at random.
/// - libstdc++, SQLite, cmark-gfm and libedit (with libtinfo, libbsd and libmd, which libedit
///   needs) from their static archives, which `make` links into .build/static-libs
///   (scripts/static-libs.sh), a folder the linker searches before the system's: as shared
///   libraries the loader bound 4,000 of their symbols by name at every start, most of them
///   libstdc++'s and SQLite's, which Debian builds to bind all its symbols at load (4.0 million
///   instructions). Without that folder the linker takes the shared ones, as a debug build does.
///   `CEditLine` and `CMarkGFM` name no pkg-config file: the -L folder SwiftPM adds for one would
///   be searched first, and the shared libraries found there.
let releaseLinkerFlags = [
    "-Xlinker", "--no-export-dynamic",
    "-Xclang-linker", "-no-pie",
    "-L", Context.packageDirectory + "/.build/static-libs",
    "-ltinfo", "-lbsd", "-lmd",
]

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
            name: "CEditLine"
        ),
        .systemLibrary(
            name: "CMarkGFM"
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
            linkerSettings: [.unsafeFlags(releaseLinkerFlags, .when(platforms: [.linux], configuration: .release))]
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

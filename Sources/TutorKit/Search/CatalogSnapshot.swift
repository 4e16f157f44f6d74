import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The catalog's metadata in a file of its own beside the search cache,
/// `$XDG_CACHE_HOME/backend-tutor/catalog-HASH.snapshot`, so that a command need not parse every
/// content file. It is read with one `read` and never opens a database: as a table of the cache
/// database it cost `progress` a second GRDB connection, 1.5 million instructions more than this
/// (docs/BENCHMARKS.md). Safe to delete; always replaced whole, never written in place.
public final class CatalogSnapshot: @unchecked Sendable {
    /// The file; nil when the snapshot lives in memory for this run.
    public let url: URL?
    /// The build that reads the content: the listing and hash kept include it, so a snapshot
    /// written by another build is never trusted.
    public let build: BuildIdentity
    private let lock = NSLock()
    /// The bytes of a snapshot kept in memory (guarded by `lock`).
    private var memory: [UInt8]?

    /// The snapshot file for a content root, in the cache folder.
    public static func fileURL(directory: URL, root: URL) -> URL {
        directory.appendingPathComponent("catalog-\(Hash64.hex(root.standardizedFileURL.path)).snapshot")
    }

    /// The snapshot of `root` in the cache folder `directory`. Nothing is read or created until
    /// it is used.
    public init(directory: URL, root: URL, build: BuildIdentity) {
        url = Self.fileURL(directory: directory, root: root)
        self.build = build
    }

    private init(build: BuildIdentity) {
        url = nil
        self.build = build
    }

    /// A snapshot kept in memory for this run only.
    public static func inMemory(build: BuildIdentity = BuildIdentity("memory")) -> CatalogSnapshot { CatalogSnapshot(build: build) }

    /// A key or hash of the content, made specific to this build.
    func stamped(_ value: String) -> String { "\(build)|\(value)" }

    /// What every command decodes from the snapshot with the skills' metadata (a compact part of
    /// its own): the paths and the projects' outlines. The other parts are decoded when first used.
    struct Core: Equatable {
        var paths: [LearningPath]
        var outlines: [ProjectOutline]
        var problems: [ContentProblem]
    }

    /// The snapshot's parts, in the order the file holds them.
    enum Part: Int, CaseIterable {
        case core = 1, projects, comparisons, checklists, facts, skills
    }

    /// The catalog, and how it was had.
    public struct Loaded: Sendable {
        public var catalog: Catalog
        /// Loaded from the files (the content, or the build, changed).
        public var rebuilt: Bool
        /// One line for the learner when the snapshot could not be kept.
        public var notice: String?
    }

    /// The catalog for `root`: from the snapshot when the content is unchanged, else loaded
    /// from the files and stored (by one process at a time).
    public func catalog(root: URL) -> Loaded {
        let fingerprint = ContentFingerprint.of(root)
        let listing = stamped(fingerprint.listing)
        if let stored = stored(), stored.listing == listing, let catalog = stored.catalog(root: root) {
            return Loaded(catalog: catalog, rebuilt: false)
        }
        // A catalog read from the files but not stored is not read again.
        var unstored: Catalog?
        do {
            return try building {
                // Taken before the files are read: a facts file changed meanwhile is read again.
                let factsListing = stamped(ContentFingerprint.of(root, folder: Facts.folder).listing)
                let hash = stamped(fingerprint.contentHash(root: root))
                if let stored = stored(), stored.contentHash == hash, let catalog = stored.catalog(root: root) {
                    // Touched but unchanged (or just stored by another process): remember the listings.
                    try store(Self.encode(listing: listing, contentHash: hash, factsListing: factsListing, parts: stored.parts()))
                    return Loaded(catalog: catalog, rebuilt: false)
                }
                var catalog = Catalog.load(from: root)
                catalog.contentHash = hash
                unstored = catalog
                try store(Self.encode(listing: listing, contentHash: hash, factsListing: factsListing, parts: try Self.parts(of: catalog)))
                return Loaded(catalog: catalog, rebuilt: true)
            }
        } catch {
            let reason = (error as? FileFailure)?.reason ?? ErrorReason.of(error)
            return Loaded(catalog: unstored ?? Catalog.load(from: root), rebuilt: true,
                          notice: "the content cache \(url?.path ?? "in memory") \(reason); this run keeps it in memory")
        }
    }

    /// The facts stored with the snapshot, when the facts files are as they were when it was
    /// taken (`facts` is their fingerprint now); nil when they have changed, or when there is no
    /// snapshot. Never rebuilds: a command that shows one skill reads the facts files itself then.
    public func facts(matching facts: ContentFingerprint) -> Facts? {
        guard let stored = stored(), stored.factsListing == stamped(facts.listing), let reader = stored.reader(.facts) else { return nil }
        return Self.facts(compact: reader)
    }

    /// The hash of the content the snapshot was taken of, when the content's files under `root`
    /// are listed as they were then.
    func contentHash(root: URL) -> String? {
        guard let stored = stored(), stored.listing == stamped(ContentFingerprint.of(root).listing) else { return nil }
        return stored.contentHash
    }

    /// Runs `body` holding the lock that builders of this snapshot take turns with.
    private func building<T>(_ body: () throws -> T) throws -> T {
        guard let url else { return try body() }
        try PrivateFiles.createDirectory(url.deletingLastPathComponent())
        return try FileLock.withLock(at: url.path + ".lock", timeout: 30, body)
    }

    // MARK: - The file

    /// The first bytes of every snapshot file; the number is the format's, changed with it.
    static let magic: [UInt8] = Array("backend-tutor catalog snapshot 2\n".utf8)

    /// A snapshot as read: its header decoded, its parts left as bytes until asked for.
    struct Stored {
        var listing: String
        var contentHash: String
        var factsListing: String
        private let bytes: [UInt8]
        /// Where each part's bytes start and end, at twice its raw value and the place after:
        /// plain integers, not ranges in a dictionary keyed by parts, whose types' first use
        /// cost the runtime a search of the binary's conformances, 0.3 to 0.5 million
        /// instructions each.
        private let bounds: [Int]

        /// The header and the parts' places; nil when the bytes are not a whole snapshot.
        init?(_ bytes: [UInt8]) {
            guard bytes.starts(with: CatalogSnapshot.magic) else { return nil }
            var reader = CompactReader(bytes: bytes, from: CatalogSnapshot.magic.count)
            var bounds = [Int](repeating: -1, count: 2 * (Part.allCases.count + 1))
            do {
                listing = try reader.string()
                contentHash = try reader.string()
                factsListing = try reader.string()
                for _ in 0..<(try reader.count()) {
                    guard let part = Part(rawValue: try reader.int()), bounds[2 * part.rawValue] < 0 else { return nil }
                    let range = try reader.skipBytes()
                    bounds[2 * part.rawValue] = range.lowerBound
                    bounds[2 * part.rawValue + 1] = range.upperBound
                }
            } catch {
                return nil
            }
            guard reader.isAtEnd, Part.allCases.allSatisfy({ bounds[2 * $0.rawValue] >= 0 }) else { return nil }
            self.bytes = bytes
            self.bounds = bounds
        }

        func part(_ part: Part) -> Data? {
            let start = bounds[2 * part.rawValue], end = bounds[2 * part.rawValue + 1]
            return start < 0 ? nil : Data(bytes[start..<end])
        }

        /// A reader of a compact part straight from the snapshot's bytes, not from a copy of them.
        func reader(_ part: Part) -> CompactReader? {
            let start = bounds[2 * part.rawValue], end = bounds[2 * part.rawValue + 1]
            return start < 0 ? nil : CompactReader(bytes: bytes, from: start, to: end)
        }

        /// Every part, as the snapshot holds it.
        func parts() -> [(Part, Data)] { Part.allCases.compactMap { part in self.part(part).map { (part, $0) } } }

        /// The catalog the snapshot holds: the paths and the skills' metadata decoded now, the
        /// other parts when first used. Nil when those two no longer decode.
        func catalog(root: URL) -> Catalog? {
            guard let coreReader = reader(.core), let core = try? Core.decompact(coreReader),
                  let skillsReader = reader(.skills), let skills = try? SkillMetadata.decompact(skillsReader),
                  let projects = part(.projects), let comparisons = part(.comparisons),
                  let checklists = part(.checklists), let facts = reader(.facts) else { return nil }
            // A part that no longer decodes (the file damaged since) is read again from the files.
            func deferred<T: Decodable & Sendable>(_ data: Data, else fallback: @escaping @Sendable (Catalog) -> T) -> Deferred<T> {
                Deferred { (try? JSONDecoder().decode(T.self, from: data)) ?? fallback(Catalog.load(from: root)) }
            }
            var catalog = Catalog(root: root, metadata: skills, skillsInOrder: true, paths: Dictionary(core.paths.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a }),
                                  outlines: core.outlines, projects: deferred(projects) { $0.projects.map(\.withoutCriteria) }, projectsComplete: false,
                                  comparisons: deferred(comparisons) { $0.comparisons }, checklists: deferred(checklists) { $0.checklists },
                                  facts: Deferred { CatalogSnapshot.facts(compact: facts) ?? Facts.read(root: root).0 }, problems: core.problems)
            catalog.contentHash = contentHash
            return catalog
        }
    }

    /// The parts of a snapshot of `catalog`.
    static func parts(of catalog: Catalog) throws -> [(Part, Data)] {
        let encoder = JSONEncoder()
        let core = Core(paths: Array(catalog.paths.values).sorted { $0.slug < $1.slug },
                        outlines: catalog.projectOutlines, problems: catalog.problems)
        return [
            (.core, core.compact()), (.projects, try encoder.encode(catalog.projects.map(\.withoutCriteria))),
            (.comparisons, try encoder.encode(catalog.comparisons)), (.checklists, try encoder.encode(catalog.checklists)),
            (.facts, compact(catalog.facts)), (.skills, SkillMetadata.compact(catalog.skills)),
        ]
    }

    /// A snapshot file's bytes.
    static func encode(listing: String, contentHash: String, factsListing: String, parts: [(Part, Data)]) -> [UInt8] {
        var writer = CompactWriter()
        writer.string(listing)
        writer.string(contentHash)
        writer.string(factsListing)
        writer.int(parts.count)
        for (part, data) in parts {
            writer.int(part.rawValue)
            writer.bytes(data)
        }
        return magic + writer.bytes
    }

    /// The snapshot as stored now; nil when there is none, or it is not whole.
    func stored() -> Stored? {
        guard let url else { return lock.withLock { memory }.flatMap(Stored.init) }
        return Self.read(url.path).flatMap(Stored.init)
    }

    /// Replaces the snapshot with `bytes`: a file is written beside it and renamed over it, so a
    /// reader sees the old snapshot or the new one, never a part of either.
    private func store(_ bytes: [UInt8]) throws {
        guard let url else { return lock.withLock { memory = bytes } }
        let temporary = url.path + ".\(getpid()).new"
        unlink(temporary)
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileFailure(path: url.path, reason: "cannot be written (\(String(cString: strerror(errno))))") }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { failure = errno; return }
                written += count
            }
        }
        close(fd)
        if failure == 0, rename(temporary, url.path) == 0 { return }
        let reason = String(cString: strerror(failure == 0 ? errno : failure))
        unlink(temporary)
        throw FileFailure(path: url.path, reason: "cannot be written (\(reason))")
    }

    /// A file's bytes in one `read` where the system allows; nil when it cannot be read, is not
    /// a regular file, or is a symbolic link.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 1 << 31 else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = Glibc.read(fd, buffer.baseAddress! + initialized, size - initialized)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { complete = false; return }
                initialized += count
            }
        }
        return complete ? bytes : nil
    }

    // MARK: - Facts

    /// Facts in the compact byte form, as a flat list of strings: JSONDecoder took 4.9 million
    /// instructions of `skill` on the shipped curriculum's 180 facts.
    static func compact(_ facts: Facts) -> Data {
        var writer = CompactWriter()
        writer.strings(flat(facts))
        return Data(writer.bytes)
    }

    /// The facts ``compact(_:)`` wrote, nil when the bytes are not such a list.
    static func facts(compact data: Data) -> Facts? { facts(compact: CompactReader(data)) }

    /// The facts a reader at the start of ``compact(_:)``'s bytes reads, nil when they are not such a list.
    static func facts(compact start: CompactReader) -> Facts? {
        var reader = start
        guard let flat = try? reader.strings(), reader.isAtEnd else { return nil }
        return facts(flat: flat)
    }

    /// Facts as one flat list of strings, seven to a fact.
    static func flat(_ facts: Facts) -> [String] {
        facts.facts.values.sorted { $0.id < $1.id }.flatMap { [$0.id, $0.value, $0.source, $0.checked, $0.reviewBy, $0.file, String($0.line)] }
    }

    /// The facts of a flat list, nil when it is not one.
    static func facts(flat: [String]) -> Facts? {
        guard flat.count % 7 == 0 else { return nil }
        var facts: [Facts.Fact] = []
        for start in stride(from: 0, to: flat.count, by: 7) {
            guard let line = Int(flat[start + 6]) else { return nil }
            facts.append(Facts.Fact(id: flat[start], value: flat[start + 1], source: flat[start + 2], checked: flat[start + 3],
                                    reviewBy: flat[start + 4], file: flat[start + 5], line: line))
        }
        return Facts(facts)
    }
}

extension CatalogSnapshot.Loaded {
    init(catalog: Catalog, rebuilt: Bool) {
        self.init(catalog: catalog, rebuilt: rebuilt, notice: nil)
    }
}

import Foundation

/// What a run has loaded: the curriculum, its cache, the progress database. The REPL loads one
/// for the whole session and reuses it line after line; a one-shot command loads only what it
/// needs.
public struct Workspace: Sendable {
    /// The content root, when one was found.
    public var root: URL?
    /// A catalog put in place of the loaded one gets engines of its own.
    public var catalog: Catalog { didSet { engines = PathEngines() } }
    public var cache: ContentCache?
    public var store: ProgressStore?
    public var databaseURL: URL
    /// The `--content` and `--db` this workspace was loaded for.
    public var contentDirectory: String?
    public var database: String?
    /// What was loaded: a later need within it can reuse the workspace.
    public var needs: Needs
    /// Whether the learner was told that the cache folder cannot be written: the search cache
    /// opened later beside this catalog does not say it again.
    public var toldCacheInMemory = false
    /// The path engines made for ``catalog``: a REPL's commands share them.
    public private(set) var engines = PathEngines()
}

/// Loads what commands need, and makes each command's context.
public struct ContextLoader: Sendable {
    public var environment: TutorEnvironment

    public init(environment: TutorEnvironment) { self.environment = environment }

    /// `--db PATH`, else `$XDG_DATA_HOME/backend-tutor/progress.sqlite`.
    public func databaseURL(_ settings: GlobalSettings) -> URL {
        settings.database.map { URL(fileURLWithPath: $0, relativeTo: environment.workingDirectory).standardizedFileURL }
            ?? environment.dataDirectory.appendingPathComponent("progress.sqlite")
    }

    /// The facts a skill shown on its own names: none when there are no facts files, the
    /// snapshot's when the facts files are as they were when its snapshot was taken, else nil (the
    /// files are read). Parsing them was 28 of a shipped skill render's 150 million instructions
    /// (callgrind), reading them from the snapshot file 0.9; checking the facts folder alone keeps
    /// the check from growing with the lessons.
    private func cachedFacts(root: URL) -> Facts? {
        let files = ContentFingerprint.of(root, folder: Facts.folder)
        if files.files.isEmpty { return Facts() }
        return CatalogSnapshot(directory: environment.cacheDirectory, root: root, build: environment.build).facts(matching: files)
    }

    /// Loads what `needs` asks for, reusing what `existing` already holds for the same
    /// `--content` and `--db`. `warn` hears what the learner should know (a cache rebuilt, a
    /// corrupt database moved aside, content files skipped).
    public func workspace(for needs: Needs, settings: GlobalSettings, reusing existing: Workspace? = nil,
                          warn: (String) -> Void) throws -> Workspace {
        if let existing, existing.contentDirectory == settings.contentDirectory, existing.database == settings.database {
            if existing.covers(needs) { return existing }
            if existing.cache == nil, existing.covers(needs, withCache: true), let root = existing.root {
                // The catalog is here; only the search cache is missing.
                var widened = existing
                let (opened, notice) = ContentCache.open(directory: environment.cacheDirectory, root: root, build: environment.build)
                if let notice, !(existing.toldCacheInMemory && opened.url == nil) { warn(notice) }
                widened.cache = opened
                return widened
            }
        }
        var root: URL?
        var catalog: Catalog
        var cache: ContentCache?
        var toldCacheInMemory = false
        do {
            let located = try ContentLocator(environment: environment).locate(explicit: settings.contentDirectory)
            root = located
            switch needs.content {
            case .skill(let slug): catalog = Catalog.load(from: located, only: slug, facts: cachedFacts(root: located))
            case .folder, .none: catalog = .empty(root: located)
            case .catalog:
                // The snapshot spares parsing every file at start-up; it is taken anew when content
                // changes. The search cache's database is not opened: no command that needs only
                // the catalog searches.
                let loaded = CatalogSnapshot(directory: environment.cacheDirectory, root: located, build: environment.build).catalog(root: located)
                if let notice = loaded.notice {
                    warn(notice)
                    toldCacheInMemory = true
                }
                catalog = loaded.catalog
            case .index, .catalogAndIndex:
                let (opened, notice) = ContentCache.open(directory: environment.cacheDirectory, root: located, build: environment.build)
                if let notice { warn(notice) }
                cache = opened
                if case .index = needs.content, let hash = opened.freshIndexHash(root: located) {
                    // The search needs no catalog; its hash tells the index it is fresh.
                    catalog = .empty(root: located)
                    catalog.contentHash = hash
                } else {
                    let loaded = opened.catalog(root: located)
                    if let notice = loaded.notice { warn(notice) }
                    catalog = loaded.catalog
                }
            }
        } catch {
            if case .none = needs.content {} else { throw error }
            catalog = .empty(root: environment.workingDirectory)
        }
        let url = databaseURL(settings)
        var store: ProgressStore?
        if needs.progress == .required || needs.progress == .preferred {
            do {
                let (opened, notices) = try ProgressStore.open(at: url)
                store = opened
                for notice in notices {
                    if case .movedCorruptFile(let movedTo) = notice {
                        warn("\(url.path) was not a usable progress database: it is kept as \(movedTo), and a fresh one was started")
                    }
                }
            } catch {
                if needs.progress == .required { throw error }
            }
        }
        if !catalog.problems.isEmpty {
            let files = Set(catalog.problems.map(\.file)).sorted()
            for problem in catalog.problems.prefix(5) { warn(problem.description) }
            let more = catalog.problems.count > 5 ? " (and \(catalog.problems.count - 5) more problems)" : ""
            warn("skipped \(files.count) broken content file\(files.count == 1 ? "" : "s")\(more); run 'backend-tutor lint' for the full list")
        }
        return Workspace(root: root, catalog: catalog, cache: cache, store: store, databaseURL: url,
                         contentDirectory: settings.contentDirectory, database: settings.database, needs: needs,
                         toldCacheInMemory: toldCacheInMemory)
    }

    /// The context a command runs in: the workspace's catalog and store, the profile, and the
    /// learner's stack read now.
    public func context(for needs: Needs, settings: GlobalSettings, mode: Mode, in workspace: Workspace) -> CommandContext {
        let profile = settings.profileName
        var stack: Stack?
        var allStacks = settings.allStacks
        switch needs.progress {
        case .none: stack = nil
        case .stack:
            let peeked = workspace.store.map { store in
                let found = (try? store.existingProfile(named: profile)) ?? nil
                return (stack: found?.stack, all: found?.allStacks ?? false)
            } ?? ProgressStore.peekStack(at: workspace.databaseURL, profile: profile)
            stack = peeked.stack
            allStacks = allStacks || peeked.all
        case .preferred, .required:
            let found = workspace.store.flatMap { (try? $0.existingProfile(named: profile)) ?? nil }
            stack = found?.stack
            allStacks = allStacks || (found?.allStacks ?? false)
        }
        var context = CommandContext(mode: mode, catalog: workspace.catalog, store: needs.progress == .none ? nil : workspace.store,
                              profileName: profile, stack: stack, cache: workspace.cache, workingDirectory: environment.workingDirectory,
                              files: FileLocations(database: workspace.databaseURL, cacheDirectory: environment.cacheDirectory,
                                                   history: environment.stateDirectory.appendingPathComponent("history"), build: environment.build))
        context.allStacks = allStacks
        context.engines = workspace.engines
        return context
    }
}

extension Workspace {
    /// Whether this is `other` with the search cache the loader opened beside its catalog.
    public func widens(_ other: Workspace) -> Bool {
        other.cache == nil && cache != nil && store === other.store && needs == other.needs
            && contentDirectory == other.contentDirectory && database == other.database
    }

    /// Whether this workspace already holds what `needs` asks for; `withCache`, whether it would
    /// with the search cache opened beside its catalog.
    func covers(_ needs: Needs, withCache: Bool = false) -> Bool {
        let hasCatalog = self.needs.content == .catalog || self.needs.content == .catalogAndIndex
        let hasCache = cache != nil || withCache
        let content: Bool = switch needs.content {
        case .none, .folder: true
        case .catalog: hasCatalog
        case .catalogAndIndex: hasCatalog && hasCache
        case .index: (hasCatalog || self.needs.content == .index) && hasCache
        case .skill(let slug): hasCatalog || self.needs.content == .skill(slug)
        }
        let progress: Bool = switch needs.progress {
        case .none, .stack: true
        case .preferred, .required: store != nil || self.needs.progress == .preferred && needs.progress == .preferred
        }
        return content && progress
    }
}

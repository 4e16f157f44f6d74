import Foundation

/// One level of the path, as `Content/paths/backend.md` describes it.
public struct PathLevel: Hashable, Sendable, Codable {
    public var level: Level
    public var title: String
    public var months: String
    public var goal: String
    public var topics: [String]
    /// Skill slugs, in study order.
    public var skills: [String]
    /// Project slugs, in the order the path suggests them.
    public var projects: [String]
}

public struct PathStep: Hashable, Sendable, Codable {
    public var step: Int
    public var title: String
    public var skills: [String]
    public var advice: String
}

public struct PathTip: Hashable, Sendable, Codable {
    public var title: String
    public var text: String
}

/// A learning path: levels, the recommended sequence and tips.
public struct LearningPath: Hashable, Sendable, Codable {
    public var slug: String
    public var title: String
    public var summary: String
    public var levels: [PathLevel]
    public var sequence: [PathStep]
    public var tips: [PathTip]
    public var introduction: String

    public func level(_ level: Level) -> PathLevel? { levels.first { $0.level == level } }
}

/// The one reader of `Content/paths/<slug>.md`, for the catalog and lint alike. A path without its
/// title, summary or four levels is unusable; other problems are reported with it.
enum PathReader {
    static func read(text: String, slug: String, file: String, references: ContentReferences?, sink: ProblemSink) -> LearningPath? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        let f = document.fields(sink)
        f.rejectUnknownKeys(["title", "summary", "levels", "sequence", "tips"])
        let title = f.string("title"), summary = f.string("summary", length: 1...200)
        var levels: [PathLevel] = []
        var placed: [String: String] = [:]
        let levelFields = f.mappings("levels") ?? []
        let ids = levelFields.map { $0.node("id")?.string ?? "" }
        let levelsInOrder = ids == Level.allCases.map(\.rawValue)
        if f.has("levels"), !levelsInOrder {
            sink.report(f.line(of: "levels"), "levels", "must list the four levels once each, in order: \(Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for item in levelFields {
            item.rejectUnknownKeys(["id", "title", "months", "goal", "topics", "skills", "projects"])
            let level = item.choice("id", Level.self)
            let levelTitle = item.string("title"), months = item.string("months"), goal = item.string("goal")
            let topics = item.strings("topics", count: 1...20) ?? []
            let skills = item.slugs("skills", count: 1...1_000) ?? []
            let projects = item.slugs("projects", count: 1...200) ?? []
            for skill in skills {
                if let references, !references.skills.contains(skill) {
                    sink.report(item.line(of: "skills"), item.path + "skills", "'\(skill)' is not a skill\(Suggestions.hint(skill, references.skills))")
                }
                if let other = placed[skill] { sink.report(item.line(of: "skills"), item.path + "skills", "'\(skill)' is already in level \(other)") }
                placed[skill] = level?.rawValue ?? "?"
            }
            if let references {
                for project in projects where !references.projects.contains(project) {
                    sink.report(item.line(of: "projects"), item.path + "projects", "'\(project)' is not a project\(Suggestions.hint(project, references.projects))")
                }
            }
            guard let level, let levelTitle, let months, let goal else { continue }
            levels.append(PathLevel(level: level, title: levelTitle, months: months, goal: goal, topics: topics, skills: skills, projects: projects))
        }
        if let references, f.has("levels") {
            for skill in references.skills.subtracting(placed.keys).sorted() {
                sink.report(f.line(of: "levels"), "levels", "the skill '\(skill)' is in no level")
            }
        }
        var steps: [PathStep] = []
        for (index, item) in (f.mappings("sequence") ?? []).enumerated() {
            item.rejectUnknownKeys(["step", "title", "skills", "advice"])
            let step = item.int("step", range: 1...20)
            if let step, step != index + 1 {
                sink.report(item.line(of: "step"), item.path + "step", "steps are numbered from 1 in order; expected \(index + 1)")
            }
            let stepTitle = item.string("title"), advice = item.string("advice")
            let skills = item.slugs("skills", count: 0...20) ?? []
            if let references {
                for skill in skills where !references.skills.contains(skill) {
                    sink.report(item.line(of: "skills"), item.path + "skills", "'\(skill)' is not a skill\(Suggestions.hint(skill, references.skills))")
                }
            }
            guard let step, let stepTitle else { continue }
            steps.append(PathStep(step: step, title: stepTitle, skills: skills, advice: advice ?? ""))
        }
        var tips: [PathTip] = []
        for item in f.mappings("tips") ?? [] {
            item.rejectUnknownKeys(["title", "text"])
            if let tipTitle = item.string("title"), let text = item.string("text") { tips.append(PathTip(title: tipTitle, text: text)) }
        }
        guard let title, let summary, levelsInOrder, levels.map(\.level) == Level.allCases else { return nil }
        return LearningPath(slug: slug, title: title, summary: summary, levels: levels, sequence: steps, tips: tips,
                            introduction: SectionSplitter.trimmedNewlines(Substring(document.body)))
    }
}

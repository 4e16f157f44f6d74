import Foundation

/// One level of the path, as `Content/paths/backend.md` describes it.
public struct PathLevel: Hashable, Sendable, Codable {
    public var level: Level
    public var title: String
    public var months: String
    public var weeks: String
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
    public var weeks: String
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

/// A project, as `Content/projects/<slug>.md` describes it.
public struct Project: Hashable, Sendable, Codable {
    public struct Milestone: Hashable, Sendable, Codable {
        public var title: String
        public var doneWhen: String
    }

    public var slug: String
    public var title: String
    public var level: Level
    public var skills: [String]
    public var hours: Int
    public var summary: String
    public var milestones: [Milestone]
    public var criteria: [AcceptanceCriterion]
    public var stretch: [String]
    public var brief: String
}

enum PathLoader {
    static func load(text: String, slug: String, file: String, sink: ProblemSink) -> LearningPath? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        let before = sink.problems.count
        let f = document.fields(sink)
        let title = f.string("title"), summary = f.string("summary")
        var levels: [PathLevel] = []
        for item in f.mappings("levels") ?? [] {
            guard let level = item.choice("id", Level.self), let levelTitle = item.string("title"), let months = item.string("months"),
                  let weeks = item.string("weeks"), let goal = item.string("goal") else { continue }
            levels.append(PathLevel(level: level, title: levelTitle, months: months, weeks: weeks, goal: goal,
                                    topics: item.strings("topics") ?? [], skills: item.slugs("skills") ?? [], projects: item.slugs("projects") ?? []))
        }
        var steps: [PathStep] = []
        for item in f.mappings("sequence", required: false) ?? [] {
            guard let step = item.int("step", range: 1...20), let stepTitle = item.string("title"), let weeks = item.string("weeks") else { continue }
            steps.append(PathStep(step: step, title: stepTitle, weeks: weeks, skills: item.slugs("skills", required: false) ?? [], advice: item.string("advice", required: false) ?? ""))
        }
        var tips: [PathTip] = []
        for item in f.mappings("tips", required: false) ?? [] {
            if let tipTitle = item.string("title"), let text = item.string("text") { tips.append(PathTip(title: tipTitle, text: text)) }
        }
        guard sink.problems.count == before, let title, let summary, levels.map(\.level) == Level.allCases else {
            if sink.problems.count == before {
                sink.report(f.line(of: "levels"), "levels", "must list the four levels once each, in order")
            }
            return nil
        }
        return LearningPath(slug: slug, title: title, summary: summary, levels: levels, sequence: steps, tips: tips,
                            introduction: SectionSplitter.trimmedNewlines(Substring(document.body)))
    }
}

enum ProjectLoader {
    static func load(text: String, slug: String, file: String, sink: ProblemSink) -> Project? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        let before = sink.problems.count
        let f = document.fields(sink)
        let title = f.string("title"), level = f.choice("level", Level.self), skills = f.slugs("skills")
        let hours = f.int("hours", range: 1...400), summary = f.string("summary")
        var milestones: [Project.Milestone] = []
        for item in f.mappings("milestones") ?? [] {
            if let t = item.string("title"), let d = item.string("done_when") { milestones.append(Project.Milestone(title: t, doneWhen: d)) }
        }
        let stretch = f.strings("stretch") ?? []
        let criteria = (f.mappings("criteria", required: false) ?? []).compactMap(CriterionLoader.load)
        guard sink.problems.count == before, let title, let level, let skills, let hours, let summary, !milestones.isEmpty else { return nil }
        return Project(slug: slug, title: title, level: level, skills: skills, hours: hours, summary: summary,
                       milestones: milestones, criteria: criteria, stretch: stretch, brief: SectionSplitter.trimmedNewlines(Substring(document.body)))
    }
}

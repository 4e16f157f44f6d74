/// The seven areas the curriculum is organised in, in teaching order.
public enum Area: String, CaseIterable, Codable, Sendable {
    case apiDesign = "api-design"
    case advancedAPIs = "advanced-apis"
    case runtimes
    case databases
    case security
    case distributedSystems = "distributed-systems"
    case devops

    /// A name short enough for a progress bar's label.
    public var shortTitle: String {
        switch self {
        case .apiDesign: "API design"
        case .advancedAPIs: "Advanced APIs"
        case .runtimes: "Runtimes & frameworks"
        case .databases: "Databases"
        case .security: "Security & auth"
        case .distributedSystems: "Distributed systems"
        case .devops: "DevOps & cloud"
        }
    }

    /// The area's place in ``allCases``, from 0.
    public var ordinal: Int {
        switch self {
        case .apiDesign: 0
        case .advancedAPIs: 1
        case .runtimes: 2
        case .databases: 3
        case .security: 4
        case .distributedSystems: 5
        case .devops: 6
        }
    }

    public var title: String {
        switch self {
        case .apiDesign: "API design & REST"
        case .advancedAPIs: "Advanced API architectures"
        case .runtimes: "Server runtimes & frameworks"
        case .databases: "Databases"
        case .security: "Authentication, security & authorization"
        case .distributedSystems: "Microservices & distributed systems"
        case .devops: "DevOps & cloud deployment"
        }
    }
}

/// The four levels of the path, in order.
public enum Level: String, CaseIterable, Codable, Sendable, Comparable {
    case beginner, intermediate, advanced, expert

    public var title: String {
        switch self {
        case .beginner: "Beginner"
        case .intermediate: "Intermediate"
        case .advanced: "Advanced"
        case .expert: "Expert"
        }
    }

    /// The time frame the path gives the level, in months of study.
    public var months: String {
        switch self {
        case .beginner: "0-3 months"
        case .intermediate: "3-6 months"
        case .advanced: "6-12 months"
        case .expert: "12+ months"
        }
    }

    /// The level's place in ``allCases``, from 0: found without comparing raw values.
    public var ordinal: Int {
        switch self {
        case .beginner: 0
        case .intermediate: 1
        case .advanced: 2
        case .expert: 3
        }
    }

    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.ordinal < rhs.ordinal }
}

/// The stacks a learner can study with.
public enum Stack: String, CaseIterable, Codable, Sendable {
    case node, python, java, go, rust

    /// Fence tags that show code in this stack.
    public var codeTags: Set<String> {
        switch self {
        case .node: ["js", "javascript", "ts", "typescript", "mjs"]
        case .python: ["python", "py"]
        case .java: ["java"]
        case .go: ["go", "golang"]
        case .rust: ["rust", "rs"]
        }
    }

    public static func forCodeTag(_ tag: String) -> Stack? {
        allCases.first { $0.codeTags.contains(tag.lowercased()) }
    }
}

enum Slug {
    /// Lower-case ASCII letters and digits in words joined by single hyphens.
    static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, !text.hasPrefix("-"), !text.hasSuffix("-"), !text.contains("--") else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

extension SkillCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        switch self {
        case .list(let skills):
            var blocks: [Block] = [.heading(level: 1, content: [.text("Skills")])]
            for area in Area.allCases {
                let inArea = skills.filter { $0.area == area }
                blocks.append(.heading(level: 2, content: [.text(area.title)]))
                if inArea.isEmpty {
                    blocks.append(.paragraph([.emphasis([.text("No skills in this area yet.")])]))
                    continue
                }
                blocks.append(.list(ordered: false, start: 1, tight: true, items: inArea.map { m in
                    ListItem(blocks: [.paragraph([.strong([.text(m.slug)]), .text(" — \(m.title) (\(m.level.rawValue), \(m.hours) h)")])])
                }))
            }
            return [.document(blocks), .notice(.info, "\(skills.count) skills. Open one with \(p)skill SLUG, such as \(p)skill \(skills.first?.slug ?? "rest-api-design").")]
        case .one(let skill, let mastery, let stack):
            let m = skill.metadata
            var blocks: [OutputBlock] = [.document([.heading(level: 1, content: [.text(m.title)])])]
            blocks.append(.fields([
                Field("Skill", m.slug),
                Field("Area", m.area.title),
                Field("Level", "\(m.level.title) (\(m.level.months))"),
                Field("Study time", "about \(m.hours) hours, \(skill.lessons.count) lessons"),
                Field("Prerequisites", m.prerequisites.isEmpty ? "none" : m.prerequisites.joined(separator: ", ")),
                Field("Tags", m.tags.joined(separator: ", ")),
                Field("Mastery", mastery.map { "\(Mastery.percent($0)) of its quiz answered right at your latest try" }
                    ?? "unknown: \(p)quiz \(m.slug) checks what you know"),
            ]))
            var document: [Block] = [.paragraph([.emphasis([.text(m.summary)])])]
            if !skill.introduction.isEmpty { document += MarkdownParser.parse(skill.introduction).blocks }
            for (index, lesson) in skill.lessons.enumerated() {
                document.append(.heading(level: 2, content: [.text("\(index + 1). \(lesson.title)")]))
                document += MarkdownParser.parse(lesson.markdown).blocks
            }
            for section in [skill.exercises, skill.sources].compactMap({ $0 }) {
                document.append(.heading(level: 2, content: [.text(section.title)]))
                document += MarkdownParser.parse(section.markdown).blocks
            }
            blocks.append(.document(Document(document).preferring(stack)))
            return blocks
        }
    }
}

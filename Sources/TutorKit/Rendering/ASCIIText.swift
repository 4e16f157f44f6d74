import Foundation

/// Text for a terminal whose locale cannot show UTF-8 (`LANG=C`, `POSIX`, a Latin-1 locale):
/// the renderer's own glyphs and common punctuation become their ASCII look-alikes, letters lose
/// their accents, and anything else becomes `?`.
public enum ASCIIText {
    /// Glyphs with an ASCII stand-in, mostly one column for one, so layouts keep their widths.
    static let replacements: [Unicode.Scalar: String] = [
        "›": ">", "‹": "<", "»": ">>", "«": "<<", "✓": "+", "✗": "x", "•": "*", "·": "|", "…": "...",
        "═": "=", "─": "-", "━": "-", "│": "|", "┃": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "╭": "+", "╮": "+", "╰": "+", "╯": "+",
        "█": "#", "▓": "#", "▒": ":", "░": ".", "←": "<-", "→": "->", "↑": "^", "↓": "v", "↩": "\\",
        "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-", "‘": "'", "’": "'", "‚": ",", "“": "\"", "”": "\"", "„": "\"",
        "×": "x", "÷": "/", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "±": "+/-", "°": " deg", "µ": "u", "ß": "ss",
        "\u{A0}": " ", "\u{2009}": " ", "\u{202F}": " ", "€": "EUR", "£": "GBP", "©": "(c)", "®": "(R)", "™": "(TM)",
    ]

    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var result = String.UnicodeScalarView()
        for character in text {
            for scalar in character.unicodeScalars.prefix(1) {
                if scalar.isASCII {
                    result.append(scalar)
                } else if let replacement = replacements[scalar] {
                    result.append(contentsOf: replacement.unicodeScalars)
                } else if let base = character.decomposedBase {
                    result.append(base)
                } else {
                    result.append("?")
                }
            }
        }
        return String(result)
    }
}

private extension Character {
    /// The ASCII letter under an accented one: `é` is `e`.
    var decomposedBase: Unicode.Scalar? {
        let decomposed = String(self).decomposedStringWithCanonicalMapping.unicodeScalars
        guard let first = decomposed.first, first.isASCII, first.properties.isAlphabetic else { return nil }
        return first
    }
}

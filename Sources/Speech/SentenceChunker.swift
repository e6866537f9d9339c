/// Cuts a stream of text deltas (an LLM reply arriving token by token) into speakable pieces at
/// sentence or clause boundaries, so text-to-speech can start on the first clause instead of
/// waiting for the whole reply.
///
/// A boundary is one of `. ? ! ; : … — –` (optionally followed by closing quotes, brackets or
/// markdown emphasis)
/// that is followed by whitespace, or a comma followed by whitespace once the piece has at least
/// ``minWordsBeforeComma`` words. Because the character after a mark decides, a mark at the very
/// end of the text received so far waits for the next delta (or ``finish()``). Not boundaries:
/// decimals and names (`3.5`, `Node.js`: no whitespace follows), common abbreviations (`e.g.`,
/// `Dr.`, …), and a piece shorter than ``minCharacters`` (it joins the next one). A piece with no
/// boundary is cut at its last space once it exceeds ``maxCharacters``.
///
/// Pure and synchronous: feed ``append(_:)``, then call ``finish()`` at the end of the stream.
public struct SentenceChunker: Sendable {
    /// A comma ends a piece only once the piece has this many words.
    public var minWordsBeforeComma: Int
    /// Pieces shorter than this (after trimming) are merged into the next one ("Hi." stays alone
    /// with the default of 1).
    public var minCharacters: Int
    /// A piece without any boundary is cut at a space once it grows past this many characters.
    public var maxCharacters: Int

    private var buffer: [Character] = []
    /// Index in `buffer` from which no boundary has been found yet (everything before it was checked).
    private var scanned = 0

    static let terminators: Set<Character> = [".", "?", "!", ";", ":", "…", "—", "–"]
    static let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»", "*", "_", "`"]
    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "approx", "no", "fig"]

    public init(minWordsBeforeComma: Int = 8, minCharacters: Int = 1, maxCharacters: Int = 240) {
        self.minWordsBeforeComma = minWordsBeforeComma
        self.minCharacters = max(1, minCharacters)
        self.maxCharacters = max(16, maxCharacters)
    }

    /// Adds the next delta; returns the pieces it completed (trimmed, non-empty), in order.
    public mutating func append(_ delta: String) -> [String] {
        buffer.append(contentsOf: delta)
        var pieces: [String] = []
        while let piece = nextPiece() { pieces.append(piece) }
        return pieces
    }

    /// Ends the stream: returns the rest of the text (trimmed) if any, and resets the chunker.
    public mutating func finish() -> String? {
        let rest = String(buffer).trimmingWhitespace()
        buffer.removeAll()
        scanned = 0
        return rest.isEmpty ? nil : rest
    }

    /// The text received but not yet returned as a piece.
    public var pending: String { String(buffer) }

    private mutating func nextPiece() -> String? {
        var index = scanned
        while index < buffer.count {
            let character = buffer[index]
            if Self.terminators.contains(character) || character == "," {
                // Skip repeated marks and closing quotes/brackets ("?!", ".\"", "...").
                var end = index + 1
                while end < buffer.count, Self.terminators.contains(buffer[end]) || Self.closers.contains(buffer[end]) { end += 1 }
                guard end < buffer.count else {
                    scanned = index  // undecided until more text arrives
                    return nil
                }
                if buffer[end].isWhitespace, isBoundary(at: index, mark: character) {
                    let piece = String(buffer[0..<end]).trimmingWhitespace()
                    if piece.count >= minCharacters {
                        buffer.removeFirst(end)
                        scanned = 0
                        return piece
                    }
                }
                index = end
                continue
            }
            index += 1
        }
        scanned = buffer.count
        if buffer.count > maxCharacters, let space = buffer[0...maxCharacters].lastIndex(where: { $0.isWhitespace }), space > 0 {
            let piece = String(buffer[0..<space]).trimmingWhitespace()
            buffer.removeFirst(space)
            scanned = 0
            if !piece.isEmpty { return piece }
        }
        return nil
    }

    private func isBoundary(at index: Int, mark: Character) -> Bool {
        switch mark {
        case ",":
            return wordCount(upTo: index) >= minWordsBeforeComma
        case ".":
            // The word before the dot: an abbreviation or a single letter initial is not a sentence end.
            var start = index
            while start > 0, !buffer[start - 1].isWhitespace { start -= 1 }
            let word = String(buffer[start..<index]).lowercased().filter { !Self.closers.contains($0) && $0 != "(" && $0 != "\"" }
            if Self.abbreviations.contains(word) { return false }
            if word.count == 1, let letter = word.first, letter.isLetter { return false }
            return true
        case "—", "–":
            // A dash glued to letters on the left is part of a compound only if no space follows; here
            // a space follows, so it is a clause break unless nothing precedes it.
            return wordCount(upTo: index) >= 1
        default:
            return true
        }
    }

    private func wordCount(upTo index: Int) -> Int {
        var count = 0
        var inWord = false
        for character in buffer[0..<index] {
            if character.isWhitespace {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }
}

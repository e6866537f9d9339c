/// A cheap text heuristic for "the speaker has not finished": an STT partial that ends in
/// a conjunction, a filler, an article, a preposition, a comma or a trailing ellipsis
/// ("…and", "um", "the", "because,") suggests a mid-sentence pause, so the caller extends
/// the ``Endpointer`` hangover (``Endpointer/extendHangover(by:)``).
public enum TurnCompletionHint {
    /// Lower-case last words that suggest the sentence continues.
    public static let unfinishedEndings: Set<String> = [
        // conjunctions
        "and", "but", "or", "so", "because", "cause", "although", "though", "while", "if", "unless",
        "then", "than", "whereas", "since", "until", "nor", "yet",
        // fillers / hesitations
        "um", "umm", "uh", "uhh", "er", "erm", "ah", "hmm", "mm", "like",
        // articles, determiners, possessives
        "the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "this", "that", "these", "those",
        // prepositions and particles that need an object
        "to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "into", "onto", "over", "under",
        "between", "through", "as", "via",
        // relatives and auxiliaries that need a continuation
        "which", "who", "whom", "whose", "where", "when", "what", "is", "are", "was", "were", "be", "been",
        "i", "we", "you", "they", "it's", "i'm", "we're", "i've", "there's", "can", "could", "would", "should", "will",
        "have", "has", "had", "do", "did", "does", "very", "really", "also", "just",
    ]

    /// True when `partial` (an STT hypothesis, any case and punctuation) seems to stop
    /// mid-sentence: it ends with one of ``unfinishedEndings``, a comma, a dash or an
    /// ellipsis. A final period, question or exclamation mark means finished. Empty text
    /// is not "unfinished".
    public static func looksUnfinished(partial: String) -> Bool {
        let trimmed = partial.trimmingWhitespace()
        guard let last = trimmed.last else { return false }
        if last == "," || last == "-" || last == "—" || last == "–" || last == "…" || trimmed.hasSuffix("...") {
            return true
        }
        if last == "." || last == "?" || last == "!" { return false }
        guard let lastWord = trimmed.split(whereSeparator: { $0.isWhitespace }).last else { return false }
        let word = lastWord.lowercased().replacingApostrophes().trimmingCharacters(where: { !$0.isLetter && $0 != "'" })
        return unfinishedEndings.contains(word)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        var view = self[...]
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return view
    }

    fileprivate func replacingApostrophes() -> String {
        String(map { $0 == "’" ? "'" : $0 })
    }

    fileprivate func trimmingCharacters(where predicate: (Character) -> Bool) -> String {
        var view = self[...]
        while let first = view.first, predicate(first) { view = view.dropFirst() }
        while let last = view.last, predicate(last) { view = view.dropLast() }
        return String(view)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var view = self
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return view
    }
}

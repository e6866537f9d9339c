import XCTest
import VoiceActivity

final class TurnCompletionHintTests: XCTestCase {
    func testUnfinishedPartials() {
        let cases: [(String, Bool)] = [
            ("I worked on the payment service and", true),
            ("I worked on the payment service, and", true),
            ("we tried Postgres but", true),
            ("so basically um", true),
            ("Uh", true),
            ("the main reason was because", true),
            ("I moved the data to the", true),
            ("I led the migration of", true),
            ("we used Kafka,", true),
            ("it was mostly...", true),
            ("it was mostly…", true),
            ("  AND  ", true),
            ("we shipped it on time", false),
            ("we shipped it on time.", false),
            ("Did that answer your question?", false),
            ("That's all!", false),
            ("", false),
            ("   ", false),
            ("I think we used Go", false),
        ]
        for (partial, expected) in cases {
            XCTAssertEqual(TurnCompletionHint.looksUnfinished(partial: partial), expected, "\"\(partial)\"")
        }
    }
}

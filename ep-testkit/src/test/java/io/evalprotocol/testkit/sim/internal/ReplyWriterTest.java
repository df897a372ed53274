package io.evalprotocol.testkit.sim.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyWriterTest {

    @Test
    void evaluatesExpressionsWithPrecedenceAndParentheses() {
        assertThat(ReplyWriter.chatReply("What is 12 + 7 * 3?", 1, 0)).contains("7 × 3 = 21", "12 + 21 = 33")
                .endsWith("Answer: 33");
        assertThat(ReplyWriter.chatReply("Compute (12 + 8) / 4 - 1", 1, 0)).endsWith("Answer: 4");
        assertThat(ReplyWriter.chatReply("what's 2^10?", 1, 0)).endsWith("Answer: 1024");
        assertThat(ReplyWriter.chatReply("What is 10 / 4?", 1, 0)).endsWith("Answer: 2.5");
    }

    @Test
    void solvesGradeSchoolWordProblemsFromTheirCues() {
        assertThat(ReplyWriter.chatReply("Natalia sold clips to 48 of her friends in April, and then she sold half as "
                + "many clips in May. How many clips did Natalia sell altogether in April and May?", 1, 0))
                .contains("48 / 2 = 24", "48 + 24 = 72").endsWith("Answer: 72");
        assertThat(ReplyWriter.chatReply("A baker made 36 muffins and sold 17 of them. How many muffins are left?", 1, 0))
                .endsWith("Answer: 19");
        assertThat(ReplyWriter.chatReply("There are 4 boxes with 12 pencils each. How many pencils are there?", 1, 0))
                .endsWith("Answer: 48");
        assertThat(ReplyWriter.chatReply("Split $90 equally among 4 friends. How much does each get?", 1, 0))
                .endsWith("Answer: $22.50");
        assertThat(ReplyWriter.chatReply("Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of "
                + "babysitting. How much did she earn?", 1, 0)).endsWith("Answer: $10");
    }

    @Test
    void aMistakeRateOfOneAlwaysSlipsAndZeroNever() {
        String q = "What is 40 + 2?";
        assertThat(ReplyWriter.chatReply(q, 3, 0)).endsWith("Answer: 42");
        assertThat(ReplyWriter.chatReply(q, 3, 1)).doesNotEndWith("Answer: 42").contains("Answer: 4");
    }

    @Test
    void greetsBackAndAnswersOtherQuestionsWithTheirOwnWords() {
        assertThat(ReplyWriter.chatReply("Hello!", 1, 0)).containsAnyOf("Hello", "Hi", "Hey");
        String answer = ReplyWriter.chatReply("How do I tune garbage collection in the JVM?", 1, 0);
        assertThat(answer).startsWith("Here's a practical way to tune garbage collection in the JVM:");
        assertThat(answer).doesNotContain("lorem");
    }

    @Test
    void isAPureFunctionOfQuestionAndSeed() {
        String q = "Why do cats purr?";
        assertThat(ReplyWriter.chatReply(q, 42, 0)).isEqualTo(ReplyWriter.chatReply(q, 42, 0));
        boolean varies = false;
        for (long seed = 0; seed < 20 && !varies; seed++) {
            varies = !ReplyWriter.chatReply("Hi", seed, 0).equals(ReplyWriter.chatReply("Hi", 0, 0));
        }
        assertThat(varies).as("different seeds pick different phrasings").isTrue();
    }

    @Test
    void continuesOpenEndedPromptsMidSentence() {
        assertThat(ReplyWriter.continuation("The history of Rome is", 1, 0)).startsWith(" ");
        assertThat(ReplyWriter.continuation("Q: What is 5 + 5?\nA:", 1, 0)).endsWith("Answer: 10");
    }
}

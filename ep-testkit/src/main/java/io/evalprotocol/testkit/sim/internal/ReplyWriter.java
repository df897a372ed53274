package io.evalprotocol.testkit.sim.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the simulated model's answers: deterministic functions of the question and a seed.
 *
 * <p>Arithmetic in the question is really computed (an explicit expression, or a grade-school word problem
 * with a few recognised cues), shown step by step and closed by an {@code Answer: N} line. Greetings get a
 * greeting (sometimes with an emoji whose o200k tokens split a UTF-8 character, to exercise partial-token
 * rendering). Anything else gets a short, coherent templated answer built from the question's own words.
 */
public final class ReplyWriter {
    private ReplyWriter() {
    }

    private static final Pattern EXPRESSION = Pattern.compile(
            "[(\\s]*-?\\d+(?:\\.\\d+)?(?:\\s*[-+*/×÷xX^]\\s*[(\\s]*-?\\d+(?:\\.\\d+)?[)\\s]*)+");
    private static final Pattern HAS_OPERATOR = Pattern.compile("\\d\\s*[-+*/×÷xX^]\\s*[(\\s]*-?\\d");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern WORD = Pattern.compile("\\$?\\d+(?:,\\d{3})*(?:\\.\\d+)?%?|[\\p{L}']+");
    private static final Pattern GREETING = Pattern.compile(
            "^(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings)\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
            Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12),
            Map.entry("fifteen", 15), Map.entry("twenty", 20), Map.entry("thirty", 30), Map.entry("forty", 40),
            Map.entry("fifty", 50), Map.entry("hundred", 100), Map.entry("dozen", 12));
    private static final Set<String> STOP = Set.of(
            "the", "and", "for", "that", "this", "with", "what", "when", "where", "which", "who", "whom", "why",
            "how", "does", "did", "are", "was", "were", "will", "would", "could", "should", "can", "you", "your",
            "have", "has", "had", "from", "into", "about", "there", "their", "they", "them", "then", "than",
            "some", "many", "much", "more", "most", "also", "just", "only", "very", "please", "tell", "explain",
            "give", "make", "know", "want", "need", "like", "been", "being", "each", "other", "over", "such",
            "these", "those", "here", "it's", "i'm", "don't", "between", "after", "before", "while", "shall",
            "might", "must", "our", "its", "his", "her", "she", "him", "not", "any", "all", "way", "ways");
    private static final String[] SUBTRACT = {"left", "remain", "remaining", "gave away", "give away", "gives away",
            "spent", "lost", "how many more", "how much more", "difference", "fewer", "less than", "took away",
            "takes away", "minus"};
    private static final String[] DIVIDE = {"equally", "split", "share", "per person", "divide", "divided",
            "among", "average", "each get", "each receive"};
    private static final String[] MULTIPLY = {" each", " per ", "every", " times", "apiece"};

    /** The reply to a chat whose last user turn is {@code question}. */
    public static String chatReply(String question, long seed, double mistakeRate) {
        Rng rng = new Rng(seed);
        String q = question.strip();
        String math = mathReply(q, rng, mistakeRate);
        if (math != null) {
            return math;
        }
        if (q.length() < 48 && GREETING.matcher(q).matches()) {
            return rng.pick(new String[] {
                "Hello! 😊 How can I help you today?",
                "Hi there! How can I assist you today?",
                "Hello! 💙 What can I do for you?",
                "Hey! Happy to help. What would you like to know?"});
        }
        return generic(q, rng);
    }

    /** The reply after a tool returned {@code result}. */
    public static String toolResultReply(String toolName, String result, long seed) {
        Rng rng = new Rng(seed);
        String summary = summarize(result);
        return rng.pick(new String[] {"Based on the ", "According to the ", "I checked with "}) + toolName
                + (toolName.endsWith("s") ? "" : " tool") + ": " + summary
                + rng.pick(new String[] {"\n\nLet me know if you need anything else.",
                    "\n\nIs there anything else you would like me to look up?", ""});
    }

    /** A continuation of a raw completions prompt. */
    public static String continuation(String prompt, long seed, double mistakeRate) {
        String trimmed = prompt.strip();
        if (trimmed.isEmpty()) {
            return "The quick answer is that it depends on what you want to achieve.";
        }
        boolean endsOpen = Character.isLetterOrDigit(trimmed.charAt(trimmed.length() - 1))
                || trimmed.endsWith(",");
        if (!endsOpen) {
            String body = chatReply(trimmed, seed, mistakeRate);
            return (prompt.endsWith("\n") ? "" : prompt.endsWith(" ") ? "" : " ") + body;
        }
        Rng rng = new Rng(seed);
        List<String> words = keywords(trimmed);
        String t1 = words.size() > 0 ? words.get(0) : "this";
        String t2 = words.size() > 1 ? words.get(1) : "the details";
        return (prompt.endsWith(" ") ? "" : " ") + rng.pick(new String[] {
            "and that is why " + t1 + " matters so much. Most of the time, " + t2 + " is what people notice first.",
            "which is something I have thought about for a long time. In the end, " + t1 + " comes down to " + t2 + ".",
            "but it was not always like that. Years ago, " + t1 + " looked very different, and " + t2 + " was rare."});
    }

    // ---------------------------------------------------------------- arithmetic

    private static String mathReply(String q, Rng rng, double mistakeRate) {
        Matcher m = EXPRESSION.matcher(q);
        while (m.find()) {
            String expr = m.group().strip();
            if (!HAS_OPERATOR.matcher(expr).find()) {
                continue;
            }
            List<String> steps = new ArrayList<>();
            BigDecimal value;
            try {
                value = new ExprParser(expr, steps).parse();
            } catch (ArithmeticException | IllegalArgumentException notArithmetic) {
                continue;
            }
            if (steps.isEmpty()) {
                continue;
            }
            return formatSolution(steps, value, false, rng, mistakeRate,
                    rng.pick(new String[] {"Let's compute this step by step.", "Let's work it out.",
                        "We evaluate the expression, respecting the order of operations."}));
        }
        return wordProblem(q, rng, mistakeRate);
    }

    private static String wordProblem(String q, Rng rng, double mistakeRate) {
        String lower = q.toLowerCase(Locale.ROOT);
        if (!(lower.contains("how many") || lower.contains("how much") || lower.contains("what is")
                || lower.contains("total") || lower.contains("calculate") || lower.contains("compute"))) {
            return null;
        }
        List<BigDecimal> qty = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        boolean money = q.contains("$");
        Matcher w = WORD.matcher(q);
        List<String> words = new ArrayList<>();
        while (w.find()) {
            words.add(w.group());
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String lw = word.toLowerCase(Locale.ROOT);
            String next = i + 1 < words.size() ? words.get(i + 1).toLowerCase(Locale.ROOT) : "";
            BigDecimal v = null;
            if (Character.isDigit(word.charAt(word.length() - 1)) || word.charAt(0) == '$'
                    || Character.isDigit(word.charAt(0))) {
                String digits = word.replace("$", "").replace(",", "").replace("%", "");
                try {
                    v = new BigDecimal(digits);
                } catch (NumberFormatException e) {
                    continue;
                }
            } else if (NUMBER_WORDS.containsKey(lw)) {
                v = BigDecimal.valueOf(NUMBER_WORDS.get(lw));
            }
            if (v != null && next.equals("times") && !qty.isEmpty()) {
                BigDecimal prev = qty.get(qty.size() - 1);
                BigDecimal r = prev.multiply(v);
                steps.add(fmt(v, money) + " times " + fmt(prev, money) + " is " + fmt(prev, money) + " × "
                        + fmt(v, false) + " = " + fmt(r, money) + ".");
                qty.add(r);
                i++;
                continue;
            }
            if (v != null) {
                qty.add(v);
                continue;
            }
            if (qty.isEmpty()) {
                continue;
            }
            BigDecimal prev = qty.get(qty.size() - 1);
            switch (lw) {
                case "half":
                    qty.add(derive(steps, "Half of " + fmt(prev, money) + " is " + fmt(prev, money) + " / 2 = ",
                            div(prev, BigDecimal.valueOf(2)), money));
                    break;
                case "twice":
                case "double":
                    qty.add(derive(steps, "Twice " + fmt(prev, money) + " is " + fmt(prev, money) + " × 2 = ",
                            prev.multiply(BigDecimal.valueOf(2)), money));
                    break;
                case "triple":
                    qty.add(derive(steps, "Three times " + fmt(prev, money) + " is " + fmt(prev, money) + " × 3 = ",
                            prev.multiply(BigDecimal.valueOf(3)), money));
                    break;
                default:
                    break;
            }
        }
        if (qty.size() < 2) {
            return null;
        }
        BigDecimal result;
        BigDecimal minutes = minutesIn(words);
        if (minutes != null && (lower.contains("an hour") || lower.contains("per hour") || lower.contains("hourly"))
                && qty.get(0).compareTo(minutes) != 0) {
            // an hourly rate for some minutes of work (GSM8K's classic): rate / 60 × minutes
            BigDecimal perMinute = div(qty.get(0), BigDecimal.valueOf(60));
            steps.add("Per minute that is " + fmt(qty.get(0), money) + " / 60 = " + fmt(perMinute, money) + ".");
            result = qty.get(0).multiply(minutes).divide(BigDecimal.valueOf(60), MathContext.DECIMAL64);
            steps.add("For " + fmt(minutes, false) + " minutes: " + fmt(qty.get(0), money) + " × " + fmt(minutes, false)
                    + " / 60 = " + fmt(result, money) + ".");
        } else if (containsAny(lower, DIVIDE)) {
            result = div(qty.get(0), qty.get(1));
            steps.add("Dividing " + fmt(qty.get(0), money) + " by " + fmt(qty.get(1), false) + " gives "
                    + fmt(qty.get(0), money) + " / " + fmt(qty.get(1), false) + " = " + fmt(result, money) + ".");
        } else if (containsAny(lower, MULTIPLY) && steps.isEmpty()) {
            BigDecimal product = qty.get(0).multiply(qty.get(1));
            steps.add("Multiplying the two amounts: " + fmt(qty.get(0), money) + " × " + fmt(qty.get(1), money)
                    + " = " + fmt(product, money) + ".");
            result = product;
            if (qty.size() > 2) {
                boolean sub = containsAny(lower, SUBTRACT);
                StringBuilder line = new StringBuilder(sub ? "Then we subtract the rest: " : "Then we add the rest: ")
                        .append(fmt(product, money));
                for (int k = 2; k < qty.size(); k++) {
                    result = sub ? result.subtract(qty.get(k)) : result.add(qty.get(k));
                    line.append(sub ? " - " : " + ").append(fmt(qty.get(k), money));
                }
                steps.add(line.append(" = ").append(fmt(result, money)).append('.').toString());
            }
        } else if (containsAny(lower, SUBTRACT) && qty.get(0).compareTo(sumFrom(qty, 1)) >= 0) {
            result = qty.get(0);
            StringBuilder line = new StringBuilder("Starting from ").append(fmt(result, money))
                    .append(" and taking away the rest: ").append(fmt(result, money));
            for (int k = 1; k < qty.size(); k++) {
                result = result.subtract(qty.get(k));
                line.append(" - ").append(fmt(qty.get(k), money));
            }
            steps.add(line.append(" = ").append(fmt(result, money)).append('.').toString());
        } else {
            result = BigDecimal.ZERO;
            StringBuilder line = new StringBuilder("Adding everything together: ");
            for (int k = 0; k < qty.size(); k++) {
                result = result.add(qty.get(k));
                line.append(k == 0 ? "" : " + ").append(fmt(qty.get(k), money));
            }
            steps.add(line.append(" = ").append(fmt(result, money)).append('.').toString());
        }
        return formatSolution(steps, result, money, rng, mistakeRate,
                rng.pick(new String[] {"Let's solve this step by step.", "Let's break the problem down.",
                    "We can work this out in a few steps."}));
    }

    private static BigDecimal sumFrom(List<BigDecimal> qty, int from) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = from; k < qty.size(); k++) {
            sum = sum.add(qty.get(k));
        }
        return sum;
    }

    /** The number right before "minutes", if any. */
    private static BigDecimal minutesIn(List<String> words) {
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i).toLowerCase(Locale.ROOT);
            if ((w.equals("minutes") || w.equals("minute")) && Character.isDigit(words.get(i - 1).charAt(0))) {
                try {
                    return new BigDecimal(words.get(i - 1).replace(",", ""));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static BigDecimal derive(List<String> steps, String text, BigDecimal value, boolean money) {
        steps.add(text + fmt(value, money) + ".");
        return value;
    }

    private static String formatSolution(List<String> steps, BigDecimal value, boolean money, Rng rng,
                                         double mistakeRate, String intro) {
        BigDecimal shown = value;
        if (mistakeRate > 0 && rng.nextDouble() < mistakeRate) {
            // a plausible slip in the last step: the kind of error RL rewards should catch
            shown = value.add(BigDecimal.valueOf(rng.nextInt(3) + 1L).multiply(rng.nextInt(2) == 0
                    ? BigDecimal.ONE : BigDecimal.ONE.negate()));
            String last = steps.get(steps.size() - 1);
            String v = fmt(value, money);
            int at = last.lastIndexOf(v);
            if (at >= 0) {
                steps.set(steps.size() - 1, last.substring(0, at) + fmt(shown, money) + last.substring(at + v.length()));
            }
        }
        StringBuilder sb = new StringBuilder(intro).append("\n\n");
        boolean numbered = rng.nextInt(2) == 0;
        for (int i = 0; i < steps.size(); i++) {
            sb.append(numbered ? (i + 1) + ". " : "- ").append(steps.get(i)).append('\n');
        }
        sb.append('\n');
        if (rng.nextInt(2) == 0) {
            sb.append("So the result is ").append(fmt(shown, money)).append(".\n\n");
        }
        return sb.append("Answer: ").append(fmt(shown, money)).toString();
    }

    private static boolean containsAny(String s, String[] cues) {
        for (String c : cues) {
            if (s.contains(c)) {
                return true;
            }
        }
        return false;
    }

    static BigDecimal div(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        BigDecimal r = a.divide(b, MathContext.DECIMAL64);
        if (r.stripTrailingZeros().scale() > 4) {
            r = r.setScale(4, RoundingMode.HALF_EVEN);
        }
        return r;
    }

    static String fmt(BigDecimal v, boolean money) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() < 0) {
            s = s.setScale(0);
        }
        if (money && s.scale() > 0) {
            s = s.setScale(2, RoundingMode.HALF_EVEN);
        }
        String text = s.toPlainString();
        if (!money) {
            return text;
        }
        return text.startsWith("-") ? "-$" + text.substring(1) : "$" + text;
    }

    /** Recursive-descent evaluation of + - * / ^ and parentheses, recording one step per operation. */
    private static final class ExprParser {
        private final String s;
        private final List<String> steps;
        private int pos;

        ExprParser(String s, List<String> steps) {
            this.s = s;
            this.steps = steps;
        }

        BigDecimal parse() {
            BigDecimal v = sum();
            skip();
            if (pos != s.length()) {
                throw new IllegalArgumentException("trailing input");
            }
            return v;
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private BigDecimal sum() {
            BigDecimal v = product();
            while (true) {
                skip();
                if (pos >= s.length()) {
                    return v;
                }
                char c = s.charAt(pos);
                if (c != '+' && c != '-') {
                    return v;
                }
                pos++;
                BigDecimal r = product();
                BigDecimal out = c == '+' ? v.add(r) : v.subtract(r);
                step(v, c == '+' ? "+" : "-", r, out);
                v = out;
            }
        }

        private BigDecimal product() {
            BigDecimal v = power();
            while (true) {
                skip();
                if (pos >= s.length()) {
                    return v;
                }
                char c = s.charAt(pos);
                if (c != '*' && c != '/' && c != '×' && c != '÷' && c != 'x' && c != 'X') {
                    return v;
                }
                pos++;
                BigDecimal r = power();
                boolean mul = c == '*' || c == '×' || c == 'x' || c == 'X';
                BigDecimal out = mul ? v.multiply(r) : div(v, r);
                step(v, mul ? "×" : "/", r, out);
                v = out;
            }
        }

        private BigDecimal power() {
            BigDecimal base = atom();
            skip();
            if (pos < s.length() && s.charAt(pos) == '^') {
                pos++;
                BigDecimal exp = atom();
                int e = exp.intValueExact();
                if (e < 0 || e > 12) {
                    throw new ArithmeticException("exponent out of range");
                }
                BigDecimal out = base.pow(e);
                step(base, "^", exp, out);
                return out;
            }
            return base;
        }

        private BigDecimal atom() {
            skip();
            if (pos < s.length() && s.charAt(pos) == '(') {
                pos++;
                BigDecimal v = sum();
                skip();
                if (pos >= s.length() || s.charAt(pos) != ')') {
                    throw new IllegalArgumentException("unbalanced parenthesis");
                }
                pos++;
                return v;
            }
            int start = pos;
            if (pos < s.length() && s.charAt(pos) == '-') {
                pos++;
            }
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            if (start == pos) {
                throw new IllegalArgumentException("number expected");
            }
            return new BigDecimal(s.substring(start, pos));
        }

        private void step(BigDecimal a, String op, BigDecimal b, BigDecimal out) {
            String prefix = steps.isEmpty() ? "First, " : steps.size() == 1 ? "Then, " : "Next, ";
            steps.add(prefix + fmt(a, false) + " " + op + " " + fmt(b, false) + " = " + fmt(out, false) + ".");
        }
    }

    // ---------------------------------------------------------------- everything else

    /** Content words in order of appearance: proper nouns and acronyms keep their case. */
    static List<String> keywords(String q) {
        Set<String> out = new LinkedHashSet<>();
        Matcher w = WORD.matcher(q);
        boolean first = true;
        while (w.find()) {
            String word = w.group();
            boolean sentenceStart = first;
            first = false;
            if (!Character.isLetter(word.charAt(0))) {
                continue;
            }
            String lw = word.toLowerCase(Locale.ROOT);
            boolean acronym = word.length() >= 2 && word.chars().allMatch(Character::isUpperCase);
            if (STOP.contains(lw) || (word.length() < 4 && !acronym)) {
                continue;
            }
            out.add(acronym || (Character.isUpperCase(word.charAt(0)) && !sentenceStart) ? word : lw);
        }
        return new ArrayList<>(out);
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static final String[] HOW = {"how do i ", "how can i ", "how should i ", "how would i ", "how to ",
        "how do you ", "how can we ", "how do we ", "how can you "};
    private static final String[] WHAT = {"what is ", "what are ", "what's ", "who is ", "who was ", "who are ",
        "what was ", "what were "};

    private static final String[] EXPLAIN = {"explain ", "describe ", "tell me about ", "summarize ", "summarise ",
        "give me an overview of ", "what do you know about "};
    private static final String[] WRITE = {"write ", "compose ", "draft "};
    private static final String[] CAN_I = {"can i ", "could i "};

    private static String afterPrefix(String q, String lower, String[] prefixes) {
        for (String p : prefixes) {
            if (lower.startsWith(p) && q.length() > p.length()) {
                return q.substring(p.length());
            }
        }
        return null;
    }

    private static String generic(String question, Rng rng) {
        String q = question;
        while (!q.isEmpty() && ".?!".indexOf(q.charAt(q.length() - 1)) >= 0) {
            q = q.substring(0, q.length() - 1);
        }
        String lower = q.toLowerCase(Locale.ROOT);
        List<String> words = keywords(q);
        String k1 = words.size() > 0 ? words.get(0) : "the problem";
        String k2 = words.size() > 1 ? words.get(1) : "the context";
        String k3 = words.size() > 2 ? words.get(2) : "your goals";
        String action = afterPrefix(q, lower, HOW);
        if (action != null) {
            List<String> aw = keywords(action);
            String a1 = aw.size() > 1 ? aw.get(1) : aw.isEmpty() ? "the setup" : aw.get(0);
            return "Here's a practical way to " + action + ":\n\n"
                    + "1. Start by clarifying what you need from " + a1 + " and how you will measure it.\n"
                    + "2. Try the change on a small example first and check the result.\n"
                    + "3. Adjust one thing at a time, keeping notes on what helped.\n\n"
                    + rng.pick(new String[] {"This keeps each step easy to verify.",
                        "Taking it one step at a time makes mistakes much easier to spot."});
        }
        String subject = afterPrefix(q, lower, WHAT);
        if (subject != null) {
            List<String> sw = keywords(subject);
            String s1 = sw.size() > 1 ? sw.get(1) : k2;
            String s2 = sw.size() > 2 ? sw.get(2) : k3;
            return rng.pick(new String[] {"Good question. ", "In short: ", ""}) + cap(subject)
                    + " is best explained in a few parts:\n\n"
                    + "1. **Definition:** it is usually described in terms of " + s1 + ".\n"
                    + "2. **Key point:** the details depend on " + s2 + " and on the context you are working in.\n"
                    + "3. **Example:** a small, concrete case makes it much easier to see how it behaves.\n\n"
                    + rng.pick(new String[] {"Let me know if you want a deeper dive into " + s1 + ".",
                        "I can expand on any of these points if that helps."});
        }
        String topic = afterPrefix(q, lower, EXPLAIN);
        if (topic != null) {
            List<String> tw = keywords(topic);
            String t1 = tw.size() > 0 ? tw.get(0) : k1;
            String t2 = tw.size() > 1 ? tw.get(1) : k2;
            return rng.pick(new String[] {"Sure! ", "Here's a short overview. ", ""}) + "In brief, " + topic
                    + " comes down to three points:\n\n"
                    + "1. **The core idea:** everything starts from " + t1 + ".\n"
                    + "2. **How it plays out:** " + t2 + " determines what you actually observe.\n"
                    + "3. **Why it matters:** once the first two are clear, the rest follows naturally.\n\n"
                    + rng.pick(new String[] {"Want me to go deeper into any of these?",
                        "I can add an example if that would help."});
        }
        String draft = afterPrefix(q, lower, WRITE);
        if (draft != null) {
            List<String> dw = keywords(draft);
            String d1 = dw.size() > 1 ? dw.get(1) : dw.isEmpty() ? "the moment" : dw.get(0);
            return "Here's a first draft of " + draft + ":\n\n"
                    + cap(d1) + " arrives without a sound,\n"
                    + "a quiet turn in an ordinary day,\n"
                    + "and everything it touches feels new.\n\n"
                    + "I can change the tone, the length or the form if you like.";
        }
        String ability = afterPrefix(q, lower, CAN_I);
        if (ability != null) {
            return "Yes, you can " + ability + ", with a few caveats. It works best when " + k2
                    + " is set up carefully, and " + k3 + " may change the details. If you share more about your "
                    + "setup, I can be more specific.";
        }
        String first = q.isEmpty() ? "" : SPACES.split(lower, 2)[0];
        switch (first) {
            case "why":
                return "There are a few reasons behind this:\n\n"
                        + "- **" + cap(k1) + ":** it shapes how the whole thing works in the first place.\n"
                        + "- **" + cap(k2) + ":** it changes the trade-offs involved.\n"
                        + "- **Context:** the same idea can look quite different depending on " + k3 + ".\n\n"
                        + "In short, it follows from how " + k1 + " and " + k2 + " interact.";
            case "can":
            case "should":
            case "is":
            case "are":
            case "do":
            case "does":
            case "will":
            case "could":
            case "would":
                return rng.pick(new String[] {"Generally, yes, with some caveats. ", "It depends, but usually yes. "})
                        + cap(k1) + " works well when " + k2 + " is handled carefully, but " + k3
                        + " may change the answer. If you share a few more details, I can give a more specific "
                        + "recommendation.";
            default:
                return rng.pick(new String[] {"Sure. ", "Certainly. ", "Happy to help. "})
                        + "When it comes to " + k1 + ", the most important thing is how it relates to " + k2
                        + ". A good approach is to look at " + k3 + " first, then check the details step by step.\n\n"
                        + rng.pick(new String[] {"Would you like me to expand on any part of this?",
                            "Let me know if you'd like an example."});
        }
    }

    private static String summarize(String result) {
        String r = result == null ? "" : result.strip();
        if (r.startsWith("{") && r.endsWith("}")) {
            // flat JSON objects read naturally as "key is value" pairs
            String inner = r.substring(1, r.length() - 1);
            StringBuilder sb = new StringBuilder();
            for (String pair : inner.split(",")) {
                String[] kv = pair.split(":", 2);
                if (kv.length != 2) {
                    sb.setLength(0);
                    break;
                }
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(unquote(kv[0]).replace('_', ' ')).append(" is ").append(unquote(kv[1]));
            }
            if (sb.length() > 0) {
                return "the " + sb + ".";
            }
        }
        if (r.length() > 300) {
            r = r.substring(0, 300) + "…";
        }
        return r.isEmpty() ? "it returned no data." : r;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }
}

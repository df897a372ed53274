package io.evalprotocol.cli.internal;

/** How a row's token ids compare with its per-token logprobs: the check RL trainers rely on. */
public enum Alignment {
    /** As many token ids as per-token logprobs, on every generated message. */
    ALIGNED,
    /** A generated message has token ids and per-token logprobs of different lengths. */
    MISALIGNED,
    /** Token ids but no per-token logprobs to compare them with. */
    UNCHECKED,
    /** No token ids (the provider exposed none, or the row failed). */
    NO_TOKEN_IDS
}

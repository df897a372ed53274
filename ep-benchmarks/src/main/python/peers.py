#!/usr/bin/env python3
"""Python peers for ep-benchmarks: decode the same body files the JMH run decodes.

For each file prints one JSON line per method with MB/s (body bytes / seconds per decode):
  json_loads        json.loads alone
  json_walk         json.loads + a walk over every value
  orjson_loads      orjson.loads alone (the bar for the ids-only fast path on token-id arrays)
  orjson_walk       orjson.loads + the same walk
  pydantic_typed    ChatCompletion.model_validate_json with typed logprobs (OpenAI SDK / LiteLLM style)
  pydantic_any      the same with choice.logprobs: Any (cheapest pydantic path that keeps the payload)
  ep_message        pydantic_typed + building eval-protocol's Message(logprobs=dumped dict, token_ids=...)
                    i.e. what Python eval-protocol's single-turn rollout processor pays per response

Usage: peers.py [--min-time SECONDS] FILE...
"""
import argparse
import gc
import json
import statistics
import sys
import time
from typing import Any, List, Optional, Union

try:
    import orjson
except ImportError:  # the runner reports the peer as missing
    orjson = None
from pydantic import BaseModel, ConfigDict

# ---- provider response types (OpenAI python SDK / LiteLLM shapes, extra keys kept) ----


class TopLogprob(BaseModel):
    model_config = ConfigDict(extra="allow")
    token: str
    logprob: float
    bytes: Optional[List[int]] = None
    token_id: Optional[int] = None


class TokenLogprob(BaseModel):
    model_config = ConfigDict(extra="allow")
    token: str
    logprob: float
    bytes: Optional[List[int]] = None
    token_id: Optional[int] = None
    top_logprobs: List[TopLogprob] = []


class ChoiceLogprobs(BaseModel):
    model_config = ConfigDict(extra="allow")
    content: Optional[List[TokenLogprob]] = None
    refusal: Optional[List[TokenLogprob]] = None


class FunctionCall(BaseModel):
    arguments: str
    name: str


class ChatCompletionMessageToolCall(BaseModel):
    id: str
    function: FunctionCall
    type: str = "function"


# ---- eval-protocol's Message (eval_protocol/models.py, April 2026, plus PR #448's token_ids) ----


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: Optional[Union[str, List[Any]]] = ""
    reasoning_content: Optional[str] = None
    name: Optional[str] = None
    tool_call_id: Optional[str] = None
    tool_calls: Optional[List[ChatCompletionMessageToolCall]] = None
    function_call: Optional[FunctionCall] = None
    control_plane_step: Optional[dict] = None
    weight: Optional[int] = None
    logprobs: Optional[Any] = None
    token_ids: Optional[List[int]] = None


class Usage(BaseModel):
    model_config = ConfigDict(extra="allow")
    prompt_tokens: int
    completion_tokens: Optional[int] = None
    total_tokens: int


class TypedChoice(BaseModel):
    model_config = ConfigDict(extra="allow")
    index: int
    message: Message
    finish_reason: Optional[str] = None
    logprobs: Optional[ChoiceLogprobs] = None
    token_ids: Optional[List[int]] = None


class AnyChoice(BaseModel):
    model_config = ConfigDict(extra="allow")
    index: int
    message: Message
    finish_reason: Optional[str] = None
    logprobs: Optional[Any] = None
    token_ids: Optional[List[int]] = None


class TypedChatCompletion(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    object: str
    created: int
    model: str
    choices: List[TypedChoice]
    usage: Optional[Usage] = None
    prompt_token_ids: Optional[List[int]] = None


class AnyChatCompletion(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    object: str
    created: int
    model: str
    choices: List[AnyChoice]
    usage: Optional[Usage] = None
    prompt_token_ids: Optional[List[int]] = None


def walk(value):
    """Touches every value once (what any consumer of the parsed tree does at least)."""
    n = 0
    stack = [value]
    while stack:
        v = stack.pop()
        n += 1
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return n


def ep_message(body: bytes) -> Message:
    response = TypedChatCompletion.model_validate_json(body)
    choice = response.choices[0]
    ids = choice.token_ids
    if ids is None and choice.logprobs is not None and choice.logprobs.content:
        ids = [e.token_id for e in choice.logprobs.content]
    return Message(
        role=choice.message.role,
        content=choice.message.content or "",
        logprobs=choice.logprobs.model_dump() if choice.logprobs is not None else None,
        token_ids=ids,
    )


METHODS = {
    "json_loads": json.loads,
    "json_walk": lambda b: walk(json.loads(b)),
    "orjson_loads": orjson.loads if orjson else None,
    "orjson_walk": (lambda b: walk(orjson.loads(b))) if orjson else None,
    "pydantic_typed": TypedChatCompletion.model_validate_json,
    "pydantic_any": AnyChatCompletion.model_validate_json,
    "ep_message": ep_message,
}


def measure(fn, body: bytes, min_time: float):
    big = len(body) > 8_000_000  # a 70 MB body takes seconds per call: no separate warm-up, one run suffices
    if not big:
        fn(body)  # warm-up (and a correctness check that it parses)
    times = []
    deadline = time.perf_counter() + min_time
    while len(times) < (1 if big else 3) or time.perf_counter() < deadline:
        t0 = time.perf_counter()
        fn(body)
        times.append(time.perf_counter() - t0)
        if len(times) >= 1000:
            break
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-time", type=float, default=2.0)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    for path in args.files:
        with open(path, "rb") as f:
            body = f.read()
        for name in args.methods.split(","):
            fn = METHODS.get(name)
            if fn is None:
                print(json.dumps({"file": path, "method": name, "error": "unavailable"}), flush=True)
                continue
            gc.collect()
            times = measure(fn, body, args.min_time)
            mb = len(body) / 1e6
            print(json.dumps({
                "file": path,
                "method": name,
                "bytes": len(body),
                "runs": len(times),
                "median_mb_s": mb / statistics.median(times),
                "best_mb_s": mb / min(times),
            }), flush=True)


if __name__ == "__main__":
    sys.exit(main())

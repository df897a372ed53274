# Regenerates src/test/resources/io/evalprotocol/core/internal/json/python-rows.jsonl with pydantic 2.x:
#   python3 gen_python_rows.py ../resources/io/evalprotocol/core/internal/json/python-rows.jsonl
# The models replicate Python eval-protocol's (reference/provider-shapes.md section 6), token_ids included.
import json, sys
from datetime import datetime, timezone
from eval_protocol_models import *
rows = []
# 1: everything, unicode and control chars, extras at row and input_metadata level
r = EvaluationRow(
  messages=[
    Message(role="system", content="Tu es un assistant. Réponds en français ✓ \u2028 tab\there \"quoted\" back\\slash /slash \x00\x1f\x7f"),
    Message(role="user", content=[TextPart(text="What is in this image? 😊"), ImagePart(image_url={"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "high"})]),
    Message(role="assistant", content="", tool_calls=[ToolCall(id="call_1", function=Function(arguments='{"city": "Paris"}', name="get_weather"), type="function")], reasoning_content="<think>need weather</think>"),
    Message(role="tool", content="{\"temp\": 21.5}", tool_call_id="call_1", name="get_weather"),
    Message(role="assistant", content="It is 21.5°C.", logprobs=[-0.5, -1e-7, 0, -2.25, -0.000123], token_ids=[40, 374, 220, 17, 151645], weight=1, control_plane_step={"reward": 1.0, "terminated": False, "info": None}),
    Message(role="developer", content=None, function_call=FunctionCall(arguments="{}", name="legacy")),
  ],
  tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
  input_metadata=InputMetadata(row_id="row-1", completion_params={"model": "qwen3-8b", "temperature": 0.7, "max_tokens": 256, "logprobs": True}, dataset_info={"split": "test", "index": 3}, session_data={"mode": "all"}, custom_key={"nested": [1, 2.5, None]}),
  rollout_status=Status(code=13, message="boom", details=[{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "EXTRA_INFO", "domain": "evalprotocol.io", "metadata": {"attempts": 3}}]),
  ground_truth={"answer": 42, "alternatives": ["forty-two", 42.0]},
  evaluation_result=EvaluateResult(score=0.75, reason="ok", metrics={"exact": MetricResult(score=1.0, reason="match", data={"x": 1e-7}), "fuzzy": MetricResult(is_score_valid=False, score=0.5, reason="meh")}, step_outputs=[StepOutput(step_index=0, base_reward=0.1), StepOutput(step_index="final", base_reward=1.0, terminated=True, control_plane_info={"k": "v"}, metrics={"m": 2}, reason="done")], error=None, trajectory_info={"steps": 2}, final_control_plane_info={"done": True}, agg_score=0.8, standard_error=0.012345678901234568),
  execution_metadata=ExecutionMetadata(invocation_id="national-change-581533", experiment_id="past-magazine-375733", rollout_id="simple-issue-206576", run_id="wet-picture-720663", usage=CompletionUsage(completion_tokens=5, prompt_tokens=40, total_tokens=45, completion_tokens_details={"reasoning_tokens": 3}, prompt_tokens_details={"cached_tokens": 0}), cost_metrics=CostMetrics(input_cost=0.0000105, output_cost=5.5e-6, total_cost_dollar=0.000016), duration_seconds=2.269724717000031, rollout_duration_seconds=0.412, eval_duration_seconds=1e-5, experiment_duration_seconds=12345678.9, extra={"prompt_token_ids": [151644, 872], "completion_token_ids": [40, 374]}, finish_reason="stop", tool_call_count=1, raw_output={"completion_token_ids": [40, 374, 220, 17, 151645], "perf": {"ttft": 0.031}}),
  created_at=datetime(2026, 4, 28, 17, 2, 11, 522715, tzinfo=timezone.utc),
  eval_metadata=EvalMetadata(name="test_x", description="d", version="0.1.0", status=Status(code=100, message="Evaluation finished"), num_runs=3, aggregation_method="mean", passed_threshold=EvaluationThreshold(success=0.5, standard_error=0.1), passed=True),
  pid=12345,
  row_extra_b=[1, "two", {"three": 3}],
  row_extra_a="last",
)
rows.append(r)
# 2: minimal defaults, whole-second timestamp, big numbers
rows.append(EvaluationRow(messages=[Message(role="user", content="hi")], created_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc), execution_metadata=ExecutionMetadata(rollout_duration_seconds=1e16, eval_duration_seconds=123456789012345680.0, experiment_duration_seconds=100.0)))
# 3: token-native flat logprobs and empty token ids, unknown content part field dropped by python (not tested)
rows.append(EvaluationRow(messages=[Message(role="assistant", content="", logprobs=[], token_ids=[]), Message(role="assistant", content="x", logprobs={"content": None, "refusal": None}, token_ids=[0])], ground_truth="plain string", created_at=datetime(2025, 12, 15, 16, 33, 31, 1000, tzinfo=timezone.utc)))
# 4: ground truth scalars
rows.append(EvaluationRow(messages=[], ground_truth=3.5, created_at=datetime(2025, 12, 15, 16, 33, 31, 500000, tzinfo=timezone.utc), pid=0))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in rows:
        f.write(r.model_dump_json(exclude_none=True) + "\n")

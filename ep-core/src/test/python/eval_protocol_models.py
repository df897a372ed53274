from datetime import datetime, timezone
from typing import Any, Dict, List, Literal, Optional, Union
from pydantic import BaseModel, ConfigDict, Field

class OAIBase(BaseModel):
    model_config = ConfigDict(extra="allow")

class Function(OAIBase):
    arguments: str
    name: str

class ToolCall(OAIBase):
    id: str
    function: Function
    type: Literal["function"]

class FunctionCall(OAIBase):
    arguments: str
    name: str

class CompletionUsage(OAIBase):
    completion_tokens: int
    prompt_tokens: int
    total_tokens: int
    completion_tokens_details: Optional[Dict[str, Any]] = None
    prompt_tokens_details: Optional[Dict[str, Any]] = None

class TextPart(BaseModel):
    text: str
    type: Literal["text"] = "text"

class ImagePart(BaseModel):
    type: Literal["image_url"] = "image_url"
    image_url: Dict[str, Any]

class Message(BaseModel):
    role: str
    content: Optional[Union[str, List[Union[TextPart, ImagePart]]]] = ""
    reasoning_content: Optional[str] = None
    name: Optional[str] = None
    tool_call_id: Optional[str] = None
    tool_calls: Optional[List[ToolCall]] = None
    function_call: Optional[FunctionCall] = None
    control_plane_step: Optional[Dict[str, Any]] = None
    weight: Optional[int] = None
    logprobs: Optional[Any] = None
    token_ids: Optional[List[int]] = None

class Status(BaseModel):
    code: int
    message: str
    details: List[Dict[str, Any]] = Field(default_factory=list)

class MetricResult(BaseModel):
    is_score_valid: bool = True
    score: float
    reason: str
    data: Dict[str, Any] = Field(default_factory=dict)

class StepOutput(BaseModel):
    step_index: Union[int, str]
    base_reward: float
    terminated: bool = False
    control_plane_info: Optional[Dict[str, Any]] = None
    metrics: Dict[str, Any] = Field(default_factory=dict)
    reason: Optional[str] = None

class EvaluateResult(BaseModel):
    score: float
    is_score_valid: bool = True
    reason: Optional[str] = None
    metrics: Dict[str, MetricResult] = Field(default_factory=dict)
    step_outputs: Optional[List[StepOutput]] = None
    error: Optional[str] = None
    trajectory_info: Optional[Dict[str, Any]] = None
    final_control_plane_info: Optional[Dict[str, Any]] = None
    agg_score: Optional[float] = None
    standard_error: Optional[float] = None

class InputMetadata(BaseModel):
    model_config = ConfigDict(extra="allow")
    row_id: Optional[str] = None
    completion_params: Dict[str, Any] = Field(default_factory=dict)
    dataset_info: Optional[Dict[str, Any]] = None
    session_data: Optional[Dict[str, Any]] = None

class EvaluationThreshold(BaseModel):
    success: float
    standard_error: Optional[float] = None

class EvalMetadata(BaseModel):
    name: str
    description: Optional[str] = None
    version: str = "0.0.0"
    status: Optional[Status] = None
    num_runs: int
    aggregation_method: str
    passed_threshold: Optional[EvaluationThreshold] = None
    passed: Optional[bool] = None

class CostMetrics(BaseModel):
    input_cost: Optional[float] = None
    output_cost: Optional[float] = None
    total_cost_dollar: Optional[float] = None

class ExecutionMetadata(BaseModel):
    invocation_id: Optional[str] = None
    experiment_id: Optional[str] = None
    rollout_id: Optional[str] = None
    run_id: Optional[str] = None
    usage: Optional[CompletionUsage] = None
    cost_metrics: Optional[CostMetrics] = None
    duration_seconds: Optional[float] = None
    rollout_duration_seconds: Optional[float] = None
    eval_duration_seconds: Optional[float] = None
    experiment_duration_seconds: Optional[float] = None
    extra: Optional[Dict[str, Any]] = None
    finish_reason: Optional[str] = None
    tool_call_count: Optional[int] = None
    raw_output: Optional[Any] = None

class EvaluationRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    messages: List[Message] = Field(default_factory=list)
    tools: Optional[List[Dict[str, Any]]] = None
    input_metadata: InputMetadata = Field(default_factory=InputMetadata)
    rollout_status: Status = Field(default_factory=lambda: Status(code=101, message="Rollout is running", details=[]))
    ground_truth: Optional[Any] = None
    evaluation_result: Optional[EvaluateResult] = None
    execution_metadata: ExecutionMetadata = Field(default_factory=ExecutionMetadata)
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    eval_metadata: Optional[EvalMetadata] = None
    pid: Optional[int] = None

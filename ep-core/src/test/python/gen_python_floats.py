# Regenerates src/test/resources/io/evalprotocol/core/internal/json/python-floats.txt: one double per line as
# its IEEE-754 bits in hex, then the text pydantic-core writes for it (model_dump_json of a float field).
#   python3 gen_python_floats.py > ../resources/io/evalprotocol/core/internal/json/python-floats.txt
import random, struct
import pydantic_core
from pydantic_core import to_json

random.seed(20261126)
vals = [0.0, -0.0, 1e16, 1e-5, 9999999999999998.0, 5e-324, -5e-324, 1.7976931348623157e308,
        2.2250738585072014e-308, 1.05e-5, 1.0500000000000001e-05, 5.5e-6, -1.07e-6, -0.00001419, 0.1, 0.2, 0.3,
        1 / 3, 2 / 3, 100.0, 1e15, 1e17, 1e21, 1e22, 1e23, 2e23, 9e15, 1.5e16, 123456789.0, 0.000123,
        9.999999999999999e-6, 1e-4, 4.35e-5, 2.0**53, 2.0**53 + 2, 2.0**63, 2.0**64, -2.4e-7, -4.17e-6, 0.6,
        0.4898979485566356, 2.269724717000031, 9.906340706000037, 0.412, -0.0008754730224609375, -0.00419]
vals += [float('1e%d' % e) if e > -324 else 5e-324 for e in range(-325, 309)]
bits = []
while len(bits) < 900:
    v = struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0]
    if v == v and v not in (float('inf'), float('-inf')):
        bits.append(v)
vals += bits
vals += [random.random() * 10 ** random.randint(-8, 18) * random.choice([1, -1]) for _ in range(600)]
vals += [round(random.uniform(-10, 10), random.randint(0, 8)) for _ in range(200)]
print('# hex bits of an IEEE-754 double, then pydantic-core %s model_dump_json text' % pydantic_core.__version__)
for v in vals:
    print('%016x %s' % (struct.unpack('<Q', struct.pack('<d', v))[0], to_json(v).decode()))

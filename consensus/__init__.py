"""taonet's consensus layer: pure maths on integers and arrays, no I/O.

The Yuma epoch in I32F32 fixed point (bit-exact with the chain), a float path for simulation,
emission and the coinbase, Dynamic TAO pools, registration and the hyperparameter table.
Modules import numpy; this package file imports nothing, so `import consensus` is free.
"""

"""gpuop: the NVIDIA GPU Operator for air-gapped Kubernetes and KubeSphere clusters."""

__version__ = "0.1.0"

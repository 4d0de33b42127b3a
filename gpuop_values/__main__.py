from gpuop_values.cli import main

main()

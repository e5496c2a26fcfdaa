# Queue depth over time of chosen egress ports: fabric-plot queues.
set xlabel 'time (µs)'
set key top right
set style data lines

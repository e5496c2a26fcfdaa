# Congestion-control state over time of chosen queue pairs: fabric-plot cc.
set xlabel 'time (µs)'
set key top right
set style data lines

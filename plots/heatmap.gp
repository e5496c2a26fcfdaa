# Per-port egress utilization, rows = switches by tier: fabric-plot heatmap.
unset grid
unset key
set border 15
set tics front scale 0.4
set ytics font ',11'
set xtics font ',11'
set palette defined (0 '#ffffff', 20 '#fff3c4', 50 '#f9c74f', 75 '#f3722c', 100 '#9b2226')

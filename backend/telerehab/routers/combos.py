"""Exercise routines (combos) built by doctors."""

from fastapi import APIRouter

router = APIRouter(prefix="/combos", tags=["combos"])
